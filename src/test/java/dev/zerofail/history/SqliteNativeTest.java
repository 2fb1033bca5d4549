package dev.zerofail.history;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteNativeTest {
    @Test
    void copiesTheDriversLibraryOnceAndReusesIt(@TempDir Path cache) throws Exception {
        String before = System.getProperty(SqliteNative.PATH_PROPERTY);
        String beforeName = System.getProperty(SqliteNative.NAME_PROPERTY);
        // the driver's platform check starts a process (uname -o): asked only when a copy is made
        AtomicInteger checks = new AtomicInteger();
        Supplier<String> platform = () -> {
            checks.incrementAndGet();
            return org.sqlite.util.OSInfo.getNativeLibFolderPathForCurrentOS();
        };
        try {
            assertThat(SqliteNative.install(cache, platform)).isTrue();
            assertThat(checks).hasValue(1);
            Path dir = Path.of(System.getProperty(SqliteNative.PATH_PROPERTY));
            Path lib = dir.resolve(System.getProperty(SqliteNative.NAME_PROPERTY));
            assertThat(dir).startsWith(cache);
            assertThat(dir.getFileName().toString()).startsWith("sqlite-jdbc-" + org.sqlite.SQLiteJDBCLoader.getVersion());
            long size = Files.size(lib);
            assertThat(size).isGreaterThan(100_000);
            long modified = Files.getLastModifiedTime(lib).toMillis();

            Thread.sleep(20);
            assertThat(SqliteNative.install(cache, platform)).isTrue();
            assertThat(Files.getLastModifiedTime(lib).toMillis()).as("an intact copy is reused").isEqualTo(modified);
            assertThat(checks).as("no platform check for a copy that is there").hasValue(1);

            Files.write(lib, new byte[0]); // an empty file (not written by this class) is replaced
            assertThat(SqliteNative.install(cache, platform)).isTrue();
            assertThat(Files.size(lib)).isEqualTo(size);
            assertThat(checks).hasValue(2);
            try (Stream<Path> files = Files.list(dir)) {
                assertThat(files).as("no temporary files left").containsExactly(lib);
            }
        } finally {
            restore(SqliteNative.PATH_PROPERTY, before);
            restore(SqliteNative.NAME_PROPERTY, beforeName);
        }
    }

    @Test
    void aPlatformWithoutABundledLibraryLeavesTheDriverToItsOwnWay(@TempDir Path cache) {
        String before = System.getProperty(SqliteNative.PATH_PROPERTY);
        assertThat(SqliteNative.install(cache, () -> "Plan9/mips")).isFalse();
        assertThat(System.getProperty(SqliteNative.PATH_PROPERTY)).isEqualTo(before);
    }

    @Test
    void anUnwritableCacheLeavesTheDriverToItsOwnWay(@TempDir Path tmp) throws Exception {
        Path file = Files.writeString(tmp.resolve("not-a-dir"), "x");
        String before = System.getProperty(SqliteNative.PATH_PROPERTY);
        assertThat(SqliteNative.install(file.resolve("sub"), org.sqlite.util.OSInfo::getNativeLibFolderPathForCurrentOS)).isFalse();
        assertThat(System.getProperty(SqliteNative.PATH_PROPERTY)).isEqualTo(before);
    }

    @Test
    void cacheRootFollowsXdgThenHome() {
        assertThat(SqliteNative.cacheRoot(Map.of("XDG_CACHE_HOME", "/c"), "/home/u")).isEqualTo(Path.of("/c/zerofail"));
        assertThat(SqliteNative.cacheRoot(Map.of("XDG_CACHE_HOME", "relative"), "/home/u"))
                .isEqualTo(Path.of("/home/u/.cache/zerofail"));
        assertThat(SqliteNative.cacheRoot(Map.of(), "/home/u")).isEqualTo(Path.of("/home/u/.cache/zerofail"));
        assertThat(SqliteNative.cacheRoot(Map.of(), null)).isNull();
    }

    private static void restore(String key, String value) {
        if (value == null) {
            System.clearProperty(key);
        } else {
            System.setProperty(key, value);
        }
    }
}
