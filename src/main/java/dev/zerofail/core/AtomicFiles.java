package dev.zerofail.core;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Writes go to a temp file beside the target, then a rename: a failed run leaves nothing half-written.
 * A path inside the repository root must also really be inside it: a symlink committed to the
 * repository ({@code .github/actions -> /home/me}) must not carry a write out of it. A path the user
 * names outside the root ({@code -o /tmp/r.json}, {@code /dev/null}) is written as given.
 */
public final class AtomicFiles {
    private AtomicFiles() {
    }

    /** Confined to the working directory: for {@code -o FILE} and other paths the user named. */
    public static void write(Path target, String content) {
        write(cwd(), target, content.getBytes(StandardCharsets.UTF_8));
    }

    public static void write(Path target, byte[] content) {
        write(cwd(), target, content);
    }

    /** What writes a file's content as a stream (a long report, without building it in memory first). */
    public interface Body {
        void writeTo(OutputStream out) throws IOException;
    }

    /** Like {@link #write(Path, byte[])}, the content streamed by {@code body}; nothing is left on failure. */
    public static void write(Path target, Body body) {
        write(cwd(), target, body, "rw-r--r--");
    }

    /** Writes {@code target}, refusing when it lies under {@code root} but resolves outside it. */
    public static void write(Path root, Path target, String content) {
        write(root, target, content.getBytes(StandardCharsets.UTF_8));
    }

    public static void write(Path root, Path target, byte[] content) {
        write(root, target, content, "rw-r--r--");
    }

    /** Owner-only (0600) from the first byte: for files that hold secret values. */
    public static void writePrivate(Path target, byte[] content) {
        write(cwd(), target, content, "rw-------");
    }

    public static void writePrivate(Path root, Path target, byte[] content) {
        write(root, target, content, "rw-------");
    }

    /**
     * Throws when {@code path} is lexically under {@code root} but its real location (following
     * every symlink of it and its parents, existing or not yet) is not. Use before a move or a
     * directory creation; the writers here call it themselves.
     */
    public static void requireInside(Path root, Path path) {
        Path lexRoot = root.toAbsolutePath().normalize();
        Path lex = path.toAbsolutePath().normalize();
        Path realRoot;
        try {
            realRoot = lexRoot.toRealPath();
        } catch (IOException e) {
            return; // no root yet: nothing inside it can be a symlink
        }
        if (!lex.startsWith(lexRoot) && !lex.startsWith(realRoot)) {
            return;
        }
        Path real = realLocation(lex);
        if (real == null || !real.startsWith(realRoot)) {
            throw new ZerofailException(ExitCode.USAGE, path.toString(), "refusing to write through a symbolic link: "
                    + "the path is inside " + lexRoot + " but resolves to " + (real == null ? "a dangling link" : real)
                    + ", outside it", "replace the symbolic link with a real file or directory inside the repository");
        }
    }

    /** The real path of {@code p}: its deepest existing ancestor resolved, plus the rest; null for a dangling link. */
    private static Path realLocation(Path p) {
        Path existing = p;
        Path rest = null;
        while (existing != null && !Files.exists(existing, LinkOption.NOFOLLOW_LINKS)) {
            Path name = existing.getFileName();
            rest = rest == null ? name : name.resolve(rest);
            existing = existing.getParent();
        }
        if (existing == null) {
            return p;
        }
        try {
            Path real = existing.toRealPath();
            return rest == null ? real : real.resolve(rest).normalize();
        } catch (IOException e) {
            return null;
        }
    }

    private static Path cwd() {
        return Path.of("").toAbsolutePath();
    }

    private static void write(Path root, Path target, byte[] content, String permissions) {
        write(root, target, out -> out.write(content), permissions);
    }

    private static void write(Path root, Path target, Body body, String permissions) {
        requireInside(root, target);
        Path abs = target.toAbsolutePath();
        try {
            if (Files.exists(abs)) {
                // Write through a symlink, not over it; and never rename over a device or pipe
                // (--output /dev/null, /dev/stdout, a FIFO): that would replace it with a file.
                abs = abs.toRealPath();
                if (!Files.isRegularFile(abs)) {
                    try (OutputStream out = Files.newOutputStream(abs)) {
                        body.writeTo(out);
                    }
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
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16)) {
                body.writeTo(out);
            }
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
            deleteQuietly(tmp);
            throw new ZerofailException(ExitCode.USAGE, target.toString(), "cannot write file: " + e.getMessage(),
                    "check that the directory exists and is writable", e);
        } catch (RuntimeException | Error e) {
            deleteQuietly(tmp); // a streamed body failed half-way: nothing half-written stays
            throw e;
        }
    }

    /** Deletes a temporary folder and everything in it, as far as it can: one left behind costs only space. */
    public static void deleteTreeQuietly(Path dir) {
        if (dir == null) {
            return;
        }
        try (java.util.stream.Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            // best effort, like the temporary folder itself
        }
    }

    private static void deleteQuietly(Path tmp) {
        if (tmp != null) {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // the original error is the one worth reporting
            }
        }
    }
}
