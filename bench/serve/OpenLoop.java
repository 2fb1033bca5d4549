import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * A fixed-rate (open-loop) load for bench/serve.sh, which Debian's wrk (no -R) cannot give.
 * Request i is due at start + i / RATE whatever happened to the earlier ones; WORKERS threads, each with
 * one keep-alive HTTP/1.1 socket, take the next i from a shared counter, wait until it is due, send it and
 * read the whole answer. Latency is end − due, so a request that queued behind a slow answer (no worker
 * free) carries that wait: no coordinated omission. The first WARMUP seconds are sent the same way and
 * not counted. JDK's HttpClient.sendAsync could not keep 1,000/s here (its selector thread and per-request
 * futures), hence plain sockets.
 *   java OpenLoop.java URL TOKEN RATE SECONDS [WORKERS=48] [WARMUP=3]
 *   → "p50_ms p90_ms p99_ms max_ms achieved_rps errors" and "void" as a 7th word when the achieved rate
 *     is under 95% of RATE (then the percentiles describe the client, not the server).
 */
public class OpenLoop {
    private static final int TIMEOUT_MS = 10_000;

    public static void main(String[] args) throws Exception {
        URI uri = URI.create(args[0]);
        String token = args[1];
        int rate = Integer.parseInt(args[2]);
        int seconds = Integer.parseInt(args[3]);
        int workers = args.length > 4 ? Integer.parseInt(args[4]) : 48;
        int warmupSeconds = args.length > 5 ? Integer.parseInt(args[5]) : 3;
        String host = uri.getHost();
        int port = uri.getPort() < 0 ? 80 : uri.getPort();
        String target = uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        byte[] request = ("GET " + target + " HTTP/1.1\r\nHost: " + host + ":" + port + "\r\n"
                + (token.isEmpty() ? "" : "Authorization: Bearer " + token + "\r\n")
                + "Accept: */*\r\nConnection: keep-alive\r\n\r\n").getBytes(StandardCharsets.US_ASCII);

        int warm = rate * warmupSeconds;
        int n = rate * seconds;
        int total = warm + n;
        long[] latency = new long[n];
        long[] finished = new long[n];
        AtomicLong next = new AtomicLong();
        AtomicInteger errors = new AtomicInteger();
        long start = System.nanoTime() + 50_000_000L; // all workers ready before the first is due
        Thread[] threads = new Thread[workers];
        for (int w = 0; w < workers; w++) {
            threads[w] = new Thread(() -> {
                Conn conn = null;
                long i;
                while ((i = next.getAndIncrement()) < total) {
                    long due = start + i * 1_000_000_000L / rate;
                    long wait;
                    while ((wait = due - System.nanoTime()) > 0) {
                        LockSupport.parkNanos(wait);
                    }
                    boolean ok;
                    try {
                        if (conn == null) {
                            conn = new Conn(host, port);
                        }
                        ok = conn.exchange(request);
                        if (!conn.keepAlive) {
                            conn.close();
                            conn = null;
                        }
                    } catch (IOException e) {
                        ok = false;
                        if (conn != null) {
                            conn.close();
                        }
                        conn = null;
                    }
                    long end = System.nanoTime();
                    if (i >= warm) {
                        int k = (int) (i - warm);
                        latency[k] = end - due;
                        finished[k] = end;
                        if (!ok) {
                            errors.incrementAndGet();
                        }
                    }
                }
                if (conn != null) {
                    conn.close();
                }
            }, "openloop-" + w);
            threads[w].start();
        }
        for (Thread t : threads) {
            t.join();
        }
        // the counted requests were due from firstDue over n / rate seconds; achieved is how many were
        // answered per second between the first one falling due and the last answer
        long firstDue = start + (long) warm * 1_000_000_000L / rate;
        long lastEnd = Arrays.stream(finished).max().orElse(firstDue);
        double achieved = n / ((lastEnd - firstDue) / 1e9);
        Arrays.sort(latency);
        System.out.printf(Locale.ROOT, "%.2f %.2f %.2f %.2f %.0f %d%s%n", pct(latency, 50), pct(latency, 90), pct(latency, 99),
                latency[n - 1] / 1e6, achieved, errors.get(), achieved < 0.95 * rate ? " void" : "");
    }

    private static double pct(long[] sorted, double p) {
        return sorted[(int) Math.ceil(sorted.length * p / 100) - 1] / 1e6;
    }

    /** One keep-alive connection: writes a request, reads the status line, the headers and the whole body. */
    private static final class Conn {
        final Socket socket;
        final InputStream in;
        final OutputStream out;
        boolean keepAlive = true;
        final byte[] skip = new byte[64 * 1024];

        Conn(String host, int port) throws IOException {
            socket = new Socket();
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress(host, port), TIMEOUT_MS);
            socket.setSoTimeout(TIMEOUT_MS);
            in = new BufferedInputStream(socket.getInputStream(), 64 * 1024);
            out = socket.getOutputStream();
        }

        /** True for a 2xx answer. */
        boolean exchange(byte[] request) throws IOException {
            out.write(request);
            out.flush();
            String status = line();
            if (!status.startsWith("HTTP/1.")) {
                throw new IOException("not an HTTP answer: " + status);
            }
            int code = Integer.parseInt(status.substring(9, 12));
            long length = -1;
            boolean chunked = false;
            for (String h; !(h = line()).isEmpty(); ) {
                int colon = h.indexOf(':');
                if (colon < 0) {
                    continue;
                }
                String name = h.substring(0, colon).trim().toLowerCase(Locale.ROOT);
                String value = h.substring(colon + 1).trim().toLowerCase(Locale.ROOT);
                switch (name) {
                    case "content-length" -> length = Long.parseLong(value);
                    case "transfer-encoding" -> chunked = value.contains("chunked");
                    case "connection" -> keepAlive = !value.contains("close");
                    default -> { }
                }
            }
            if (status.startsWith("HTTP/1.0")) {
                keepAlive = false;
            }
            if (chunked) {
                for (long size; (size = Long.parseLong(line().split(";")[0].trim(), 16)) > 0; ) {
                    discard(size);
                    line();
                }
                while (!line().isEmpty()) {
                    // trailers
                }
            } else if (length >= 0) {
                discard(length);
            } else {
                // no length: the body runs to the end of the connection
                while (in.read(skip) >= 0) {
                    // discard
                }
                keepAlive = false;
            }
            return code / 100 == 2;
        }

        private void discard(long n) throws IOException {
            while (n > 0) {
                int r = in.read(skip, 0, (int) Math.min(skip.length, n));
                if (r < 0) {
                    throw new EOFException("the answer ended early");
                }
                n -= r;
            }
        }

        private String line() throws IOException {
            StringBuilder sb = new StringBuilder(64);
            for (int c; (c = in.read()) != '\n'; ) {
                if (c < 0) {
                    throw new EOFException("the connection closed");
                }
                if (c != '\r') {
                    sb.append((char) c);
                }
            }
            return sb.toString();
        }

        void close() {
            try {
                socket.close();
            } catch (IOException e) {
                // closing anyway
            }
        }
    }
}
