package dev.zerofail.core;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** Writes go to a temp file beside the target, then a rename: a failed run leaves nothing half-written. */
public final class AtomicFiles {
    private AtomicFiles() {
    }

    public static void write(Path target, String content) {
        write(target, content.getBytes(StandardCharsets.UTF_8));
    }

    public static void write(Path target, byte[] content) {
        write(target, content, "rw-r--r--");
    }

    /** Owner-only (0600) from the first byte: for files that hold secret values. */
    public static void writePrivate(Path target, byte[] content) {
        write(target, content, "rw-------");
    }

    private static void write(Path target, byte[] content, String permissions) {
        Path abs = target.toAbsolutePath();
        try {
            if (Files.exists(abs)) {
                // Write through a symlink, not over it; and never rename over a device or pipe
                // (--output /dev/null, /dev/stdout, a FIFO): that would replace it with a file.
                abs = abs.toRealPath();
                if (!Files.isRegularFile(abs)) {
                    Files.write(abs, content);
                    return;
                }
            }
        } catch (IOException e) {
            throw new ZerofailException(ExitCode.USAGE, target.toString(), "cannot write file: " + e.getMessage(),
                    "check that the path is writable", e);
        }
        Path dir = abs.getParent();
        Path tmp = null;
        try {
            Files.createDirectories(dir);
            tmp = Files.createTempFile(dir, "." + abs.getFileName() + ".", ".tmp");
            Files.write(tmp, content);
            try {
                // temp files are created owner-only; a report is an ordinary file (umask still applies on create)
                Files.setPosixFilePermissions(tmp, java.nio.file.attribute.PosixFilePermissions.fromString(permissions));
            } catch (UnsupportedOperationException ignored) {
                // not a POSIX file system: keep the defaults
            }
            try {
                Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // the original error is the one worth reporting
                }
            }
            throw new ZerofailException(ExitCode.USAGE, target.toString(), "cannot write file: " + e.getMessage(),
                    "check that the directory exists and is writable", e);
        }
    }
}
