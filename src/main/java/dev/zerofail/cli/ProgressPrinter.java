package dev.zerofail.cli;

import dev.zerofail.scan.Scanner;
import java.io.PrintWriter;

/** Throttled progress on standard error: nothing for short runs, then an update every half second. */
final class ProgressPrinter implements Scanner.Progress {
    private static final long START_AFTER_NANOS = 1_000_000_000L;
    private static final long EVERY_NANOS = 500_000_000L;
    private final PrintWriter err;
    private final boolean tty;
    private final boolean quiet;
    private final long start = System.nanoTime();
    private long last;
    private boolean printed;

    ProgressPrinter(PrintWriter err, boolean tty, boolean quiet) {
        this.err = err;
        this.tty = tty;
        this.quiet = quiet;
    }

    @Override
    public synchronized void update(long filesDone, long filesTotal, long bytesDone, long bytesTotal) {
        long now = System.nanoTime();
        if (quiet || now - start < START_AFTER_NANOS || now - last < (tty ? EVERY_NANOS : 10 * EVERY_NANOS)) {
            return;
        }
        last = now;
        printed = true;
        String msg = bytesTotal > 0
                ? String.format("scanning: %d/%d files, %.0f/%.0f MB", filesDone, filesTotal, bytesDone / 1048576.0,
                        bytesTotal / 1048576.0)
                : String.format("scanning history: %d/%d commits", filesDone, filesTotal);
        err.print(tty ? "\r" + msg + "\u001b[K" : msg + "\n");
        err.flush();
    }

    synchronized void done() {
        if (printed && tty) {
            err.print("\r\u001b[K");
            err.flush();
        }
    }
}
