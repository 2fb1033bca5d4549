package dev.zerofail.scan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zerofail.core.Finding;
import dev.zerofail.core.SpilledFindings;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A scan whose findings go to a temporary file reports exactly what one held in memory reports. */
class ScannerSpillTest {
    private static final Detector DETECTOR = new Detector(RuleSet.builtin());

    @TempDir
    Path dir;

    private void tree() throws Exception {
        for (int i = 0; i < 60; i++) {
            Path p = dir.resolve("svc" + (i % 7) + "/app" + i + "/.env");
            Files.createDirectories(p.getParent());
            StringBuilder sb = new StringBuilder();
            for (int k = 0; k < 1 + i % 5; k++) {
                sb.append("DB_PASSWORD_").append(k).append("=\n").append("API_KEY_").append(k).append("=changeme\n");
            }
            Files.writeString(p, sb.toString());
        }
    }

    private Scanner.Result scan(int memoryLimit, java.util.function.Predicate<Finding> keep) {
        return new Scanner(DETECTOR, memoryLimit, keep).scan(new ScanOptions(dir, List.of(), ScanOptions.DEFAULT_MAX_FILE_SIZE,
                2, false, null), Scanner.Progress.NONE);
    }

    @Test
    void spilledFindingsAreTheInMemoryFindingsInTheSameOrder() throws Exception {
        tree();
        Scanner.Result inMemory = scan(Integer.MAX_VALUE, f -> true);
        Scanner.Result spilled = scan(3, f -> true);

        assertThat(inMemory.findings()).hasSizeGreaterThan(100);
        assertThat(((SpilledFindings) inMemory.findings()).onDisk()).isFalse();
        assertThat(((SpilledFindings) spilled.findings()).onDisk()).isTrue();
        assertThat(List.copyOf(spilled.findings())).isEqualTo(inMemory.findings());
        assertThat(inMemory.findings()).isSortedAccordingTo(Scanner.ORDER);
    }

    @Test
    void findingsThatKeepRefusesAreCountedNotReported() throws Exception {
        tree();
        Scanner.Result all = scan(0, f -> true);
        Scanner.Result secretsOnly = scan(0, f -> !f.rule().equals("placeholder-empty"));

        long empty = all.findings().stream().filter(f -> f.rule().equals("placeholder-empty")).count();
        assertThat(empty).isPositive();
        assertThat(secretsOnly.dropped()).isEqualTo(empty);
        assertThat(secretsOnly.findings()).hasSize((int) (all.findings().size() - empty))
                .noneMatch(f -> f.rule().equals("placeholder-empty"));
    }

    @Test
    void aFileTheDetectorFailsOnMidStreamBecomesAFindingAndTheScanGoesOn() {
        byte[] good = "API_KEY=changeme\n".getBytes(StandardCharsets.UTF_8);
        Source source = (sink, tally, progress) -> {
            sink.scan(Fragment.of("a/.env", good, good.length));
            // a length past the buffer: the detector reads out of bounds, as a bug on odd input would
            sink.scan(Fragment.of("b/broken.env", good, good.length + 4096));
            sink.scan(Fragment.of("c/.env", good, good.length));
        };
        Scanner.Result r = new Scanner(DETECTOR, 0, f -> true).scan(source, Suppressions.load(dir, List.of()),
                Scanner.Progress.NONE);

        assertThat(r.findings()).extracting(f -> f.location().path() + " " + f.rule())
                .containsExactly("a/.env placeholder-marker", "b/broken.env scan-error", "c/.env placeholder-marker");
        Finding error = r.findings().get(1);
        assertThat(error.kind()).isEqualTo("error");
        assertThat(error.message()).contains("could not scan this file");
        assertThat(r.stats().files()).isEqualTo(3);
    }

    /** The temporary file holds what the report would show: masked values, never a planted secret. */
    @Test
    void theSpillFileNeverHoldsASecretValue() throws Exception {
        String planted = "sk_live_" + "4eC39HqLyjWDarjtT1zdp7dcZq";
        for (int i = 0; i < 20; i++) {
            Path p = dir.resolve("svc" + i + "/settings.py");
            Files.createDirectories(p.getParent());
            Files.writeString(p, "STRIPE_SECRET_KEY = \"" + planted + "\"\nAPI_KEY=changeme\n");
        }
        java.time.Instant before = java.time.Instant.now().minusSeconds(1);
        Scanner.Result spilled = scan(0, f -> true);
        assertThat(((SpilledFindings) spilled.findings()).onDisk()).isTrue();
        assertThat(spilled.findings()).anyMatch(f -> f.kind().equals(Rule.SECRET));
        List<Path> files;
        try (var all = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            files = all.filter(f -> f.getFileName().toString().startsWith("zerofail-findings-")).filter(f -> {
                try {
                    return Files.getLastModifiedTime(f).toInstant().isAfter(before);
                } catch (java.io.IOException e) {
                    return false;
                }
            }).toList();
        }
        assertThat(files).isNotEmpty();
        for (Path f : files) {
            assertThat(new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1)).doesNotContain(planted)
                    .doesNotContain(planted.substring(8));
        }
        assertThat(spilled.findings()).allSatisfy(f -> assertThat(String.valueOf(f.masked())).doesNotContain(planted));
    }
}
