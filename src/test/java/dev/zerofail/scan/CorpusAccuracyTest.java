package dev.zerofail.scan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zerofail.core.Finding;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Precision and recall on the labelled corpus. A finding counts when it would fail a build at the
 * default --fail-on (template, doc and test stand-ins are reported at low severity and labelled
 * negative there); it is a true positive when its line is labelled with the same kind.
 */
class CorpusAccuracyTest {
    static final Path CORPUS = Path.of("src/test/resources/fixtures/scan/corpus");

    @Test
    void precisionAndRecallAreAtLeast95Percent() throws Exception {
        Map<String, String> labels = Labels.read(Path.of("src/test/resources/fixtures/scan/corpus-labels.tsv"));
        Scanner.Result result = new Scanner(new Detector(RuleSet.builtin())).scan(ScanOptions.of(CORPUS),
                Scanner.Progress.NONE);
        Set<String> reported = new HashSet<>();
        Set<String> falsePositives = new TreeSet<>();
        int tp = 0;
        for (Finding f : result.findings()) {
            if (!f.severity().atLeast(ScanConfig.DEFAULT_FAIL_ON)) {
                continue;
            }
            String at = f.location().path() + ":" + f.location().line();
            if (!reported.add(at)) {
                continue;
            }
            if (f.kind().equals(labels.get(at))) {
                tp++;
            } else {
                falsePositives.add(at + " " + f.rule());
            }
        }
        Set<String> missed = new TreeSet<>();
        for (Map.Entry<String, String> e : labels.entrySet()) {
            if (!reported.contains(e.getKey())) {
                missed.add(e.getKey() + " " + e.getValue());
            }
        }
        double precision = tp / (double) (tp + falsePositives.size());
        double recall = tp / (double) labels.size();
        System.out.println("false positives: " + falsePositives + "\nmissed: " + missed);
        System.out.printf("corpus: tp=%d fp=%d fn=%d precision=%.3f recall=%.3f%n", tp, falsePositives.size(),
                missed.size(), precision, recall);
        assertThat(precision).as("precision; false positives: %s", falsePositives).isGreaterThanOrEqualTo(0.95);
        assertThat(recall).as("recall; missed: %s", missed).isGreaterThanOrEqualTo(0.95);
    }
}
