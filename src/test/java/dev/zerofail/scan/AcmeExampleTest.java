package dev.zerofail.scan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zerofail.core.Finding;
import dev.zerofail.core.Severity;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The bundled example repository must produce exactly the findings planted in it, no more. */
class AcmeExampleTest {
    static final Path EXAMPLE = Path.of("examples/acme-platform");

    @Test
    void findsExactlyThePlantedFindings() throws Exception {
        Map<String, String> expected = Labels.read(Path.of("src/test/resources/fixtures/scan/acme-expected.tsv"));
        Scanner.Result result = new Scanner(new Detector(RuleSet.builtin())).scan(ScanOptions.of(EXAMPLE),
                Scanner.Progress.NONE);
        Map<String, String> actual = new TreeMap<>();
        for (Finding f : result.findings()) {
            actual.put(f.location().path() + ":" + f.location().line(), f.kind());
        }
        assertThat(actual).isEqualTo(new TreeMap<>(expected));
    }

    @Test
    void templateAndDocPlaceholdersAreLowSeverityButSecretsStayCritical() {
        Scanner.Result result = new Scanner(new Detector(RuleSet.builtin())).scan(ScanOptions.of(EXAMPLE),
                Scanner.Progress.NONE);
        assertThat(result.findings()).filteredOn(f -> f.location().path().equals(".env.example"))
                .isNotEmpty().allMatch(f -> f.severity() == Severity.LOW);
        assertThat(result.findings()).filteredOn(f -> f.kind().equals(Rule.SECRET))
                .allMatch(f -> f.severity().atLeast(Severity.HIGH));
    }
}
