package dev.zerofail.history;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.function.Supplier;

/**
 * sqlite-jdbc copies its 1.1 MB native library out of the jar into a new file in the temporary
 * directory on every JVM start and reads the copy back one byte at a time to check it: about a fifth
 * of a {@code zerofail status}'s CPU (JFR). This keeps one copy per driver version in the user's cache
 * directory and points the driver at it ({@code org.sqlite.lib.path}, which it tries first). Any
 * problem leaves the driver to its own way; a path the user set is never overridden.
 */
final class SqliteNative {
    static final String PATH_PROPERTY = "org.sqlite.lib.path";
    static final String NAME_PROPERTY = "org.sqlite.lib.name";
    private static volatile boolean done;

    private SqliteNative() {
    }

    /** Once per JVM, before the first SQLite connection. */
    static void useCachedLibrary() {
        if (done) {
            return;
        }
        synchronized (SqliteNative.class) {
            if (!done) {
                done = true;
                if (System.getProperty(PATH_PROPERTY) == null) {
                    Path dir = cacheRoot(System.getenv(), System.getProperty("user.home"));
                    if (dir != null) {
                        install(dir, org.sqlite.util.OSInfo::getNativeLibFolderPathForCurrentOS);
                    }
                }
            }
        }
    }

    /** {@code $XDG_CACHE_HOME/zerofail}, else {@code ~/.cache/zerofail}; null without either. */
    static Path cacheRoot(Map<String, String> env, String home) {
        String xdg = env.get("XDG_CACHE_HOME");
        if (xdg != null && !xdg.isBlank() && Path.of(xdg).isAbsolute()) {
            return Path.of(xdg, "zerofail");
        }
        return home == null || home.isBlank() ? null : Path.of(home, ".cache", "zerofail");
    }

    /**
     * Sets the driver's properties to a cached copy under {@code root}; false when it could not. The copy's
     * folder is named from system properties only: the driver's own platform check ({@code platformFolder},
     * its {@code OSInfo}) starts {@code uname -o} (its Termux test) and lists {@code /proc/self/map_files}
     * (its musl test) on every call, so it runs only when the copy is made. A copy that does not suit this
     * machine (a home shared with a musl container) fails to load, and the driver then extracts its own.
     */
    static boolean install(Path root, Supplier<String> platformFolder) {
        try {
            String name = System.mapLibraryName("sqlitejdbc");
            if (name.endsWith(".dylib")) {
                name = name.replace(".dylib", ".jnilib"); // the name sqlite-jdbc packs for macOS
            }
            Path dir = root.resolve(("sqlite-jdbc-" + org.sqlite.SQLiteJDBCLoader.getVersion() + "-" + System.getProperty("os.name")
                    + "-" + System.getProperty("os.arch")).replaceAll("[^A-Za-z0-9._-]", ""));
            Path lib = dir.resolve(name);
            // the copy is moved into place whole, so one that is there is complete; opening the jar entry
            // to compare sizes would cost what this saves. A copy that fails to load sends the driver
            // back to its own extraction.
            if (!Files.isRegularFile(lib) || Files.size(lib) == 0) {
                URL resource = org.sqlite.SQLiteJDBCLoader.class.getResource("/org/sqlite/native/"
                        + platformFolder.get() + "/" + name);
                if (resource == null) {
                    return false; // no bundled library for this platform: the driver's own search applies
                }
                Files.createDirectories(dir);
                Path tmp = Files.createTempFile(dir, name, ".part");
                try (InputStream in = resource.openStream()) {
                    Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
                    // a concurrent JVM may have won the race; both copies are the same bytes
                    Files.move(tmp, lib, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                } finally {
                    Files.deleteIfExists(tmp);
                }
            }
            System.setProperty(PATH_PROPERTY, dir.toString());
            System.setProperty(NAME_PROPERTY, name);
            return true;
        } catch (IOException | RuntimeException | LinkageError e) {
            return false;
        }
    }
}
