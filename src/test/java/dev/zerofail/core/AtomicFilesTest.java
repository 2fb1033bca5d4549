package dev.zerofail.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {
    @TempDir
    Path dir;

    @Test
    void replacesAFileWholeAndLeavesNoTempFiles() throws Exception {
        Path out = dir.resolve("a/b/report.json");
        AtomicFiles.write(out, "first");
        AtomicFiles.write(out, "second");
        assertThat(out).hasContent("second");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(out))).isEqualTo("rw-r--r--");
        try (Stream<Path> s = Files.list(out.getParent())) {
            assertThat(s).containsExactly(out);
        }
    }

    @Test
    void aStreamedBodyThatFailsHalfWayLeavesTheOldFileAndNoTempFile() throws Exception {
        Path out = dir.resolve("report.json");
        AtomicFiles.write(out, "old");

        assertThatThrownBy(() -> AtomicFiles.write(out, os -> {
            os.write("{\"findings\": [".getBytes(StandardCharsets.UTF_8));
            throw new java.io.UncheckedIOException(new java.io.IOException("spill file gone"));
        })).isInstanceOf(java.io.UncheckedIOException.class);

        assertThat(out).hasContent("old");
        try (Stream<Path> s = Files.list(dir)) {
            assertThat(s).containsExactly(out);
        }
        AtomicFiles.write(out, os -> os.write("new".getBytes(StandardCharsets.UTF_8)));
        assertThat(out).hasContent("new");
    }

    @Test
    void writesThroughASymlink() throws Exception {
        Path real = dir.resolve("real.json");
        Files.writeString(real, "old");
        Path link = Files.createSymbolicLink(dir.resolve("link.json"), real);
        AtomicFiles.write(link, "new");
        assertThat(Files.isSymbolicLink(link)).isTrue();
        assertThat(real).hasContent("new");
    }

    @Test
    void writesIntoAPipeInsteadOfReplacingIt() throws Exception {
        Path fifo = dir.resolve("pipe");
        Process mk = new ProcessBuilder("mkfifo", fifo.toString()).start();
        assertThat(mk.waitFor(10, TimeUnit.SECONDS)).isTrue();
        CompletableFuture<String> reader = CompletableFuture.supplyAsync(() -> {
            try {
                return new String(Files.readAllBytes(fifo), StandardCharsets.UTF_8);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        AtomicFiles.write(fifo, "through the pipe");
        assertThat(reader.get(10, TimeUnit.SECONDS)).isEqualTo("through the pipe");
        assertThat(Files.isRegularFile(fifo)).isFalse();
        assertThat(Files.exists(fifo)).isTrue();
    }

    @Test
    void anUnwritableDirectoryIsAUsageError() throws Exception {
        Path file = Files.writeString(dir.resolve("plain"), "x");
        assertThatThrownBy(() -> AtomicFiles.write(file.resolve("under-a-file.json"), "y"))
                .isInstanceOfSatisfying(ZerofailException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.USAGE));
    }
}
