package dev.zerofail.scan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zerofail.TestEnv;
import dev.zerofail.core.Finding;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Real workflows and compose files from public projects (../shared/corpus, read in place; skipped
 * when absent locally, a failure when absent under CI). None holds a real credential, so a secret
 * finding there is a false alarm; the placeholders it holds are default credentials of quick-start
 * files (admin, airflow:airflow).
 */
class SharedCorpusTest {

    @Test
    void realWorldFilesRaiseNoSecretAlarmsAndFewPlaceholders() {
        Path shared = TestEnv.sharedCorpus();
        Scanner.Result r = new Scanner(new Detector(RuleSet.builtin())).scan(ScanOptions.of(shared),
                Scanner.Progress.NONE);
        assertThat(r.stats().files()).isGreaterThan(50);
        assertThat(r.findings()).filteredOn(f -> f.kind().equals(Rule.SECRET)).isEmpty();
        // weak defaults (POSTGRES_PASSWORD: postgres) are common in real compose files and meant to be reported;
        // stand-ins are what must stay rare
        long placeholders = r.findings().stream().filter(f -> f.kind().equals(Rule.PLACEHOLDER))
                .filter(f -> !f.rule().equals("weak-default-credential")).count();
        assertThat(placeholders).as("placeholder findings per file").isLessThanOrEqualTo(r.stats().files() / 5);
        assertThat(r.findings()).extracting(Finding::rule)
                .allMatch(rule -> rule.startsWith("placeholder-") || rule.equals("weak-default-credential"));
    }
}
