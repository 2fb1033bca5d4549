package dev.zerofail.runs.cause;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The labelled public failure excerpts (fixtures/runs/causes, format in docs/runs-causes.md). The rules
 * were tuned on the tuning part; the held-out part guards against over-fitting at the issue's bar.
 * Figures and misses: bench/results/causes.md.
 */
class CauseCorpusTest {
    private static final Path DIR = Path.of("src/test/resources/fixtures/runs/causes");
    private static final Path BLIND = Path.of("src/test/resources/fixtures/runs/causes-blind");
    private static final CauseClassifier CLASSIFIER = CauseClassifier.builtIn();

    @Test
    void casesAreWellFormedCitedAndCoverEveryCause() {
        List<LabelledCase> cases = LabelledCase.readAll(DIR);
        assertThat(cases).hasSizeGreaterThanOrEqualTo(80);
        Set<String> sources = new HashSet<>();
        for (LabelledCase c : cases) {
            assertThat(c.id()).matches("[a-z0-9-]+");
            assertThat(c.source()).as(c.id()).startsWith("https://");
            assertThat(sources.add(c.source() + "#" + String.join("\n", c.job().logLines()))).as("duplicate " + c.id())
                    .isTrue();
        }
        for (Cause cause : Cause.values()) {
            assertThat(cases).as("cases labelled %s", cause).anyMatch(c -> c.label() == cause);
        }
        assertThat(cases).filteredOn(LabelledCase::heldOut).hasSizeBetween(cases.size() / 5, cases.size() / 2);
    }

    @Test
    void tuningPartIsClassifiedAtTheBar() {
        CauseScore s = CauseScore.of(CLASSIFIER, LabelledCase.readAll(DIR).stream().filter(c -> !c.heldOut()).toList());
        assertThat(s.accuracy()).as("tuning accuracy; misses %s", s.wrong()).isGreaterThanOrEqualTo(0.95);
        assertThat(s.unknownLabelledGuessed()).as("cases a person could not place must stay unknown").isZero();
    }

    @Test
    void heldOutPartIsClassifiedAtTheIssuesBar() {
        CauseScore s = CauseScore.of(CLASSIFIER, LabelledCase.readAll(DIR).stream().filter(LabelledCase::heldOut).toList());
        assertThat(s.accuracy()).as("held-out accuracy").isGreaterThanOrEqualTo(0.90);
        assertThat(s.wrong()).as("held-out cases given a wrong cause").hasSizeLessThanOrEqualTo(1);
    }

    @Test
    void blindSetWhenPresentParsesAndIsScored() throws Exception {
        if (!Files.isDirectory(BLIND)) {
            return;
        }
        CauseScore s = CauseScore.of(CLASSIFIER, LabelledCase.readAll(BLIND));
        // written without reading the rules: a floor that catches a regression, the figure is in bench/results
        assertThat(s.accuracy()).as("blind accuracy").isGreaterThanOrEqualTo(0.70);
    }

    @Test
    void splitIsTheDocumentedHash() {
        // sha256("a") starts ca978112 = 3398926610, % 10 = 0 -> held out; sha256("b") starts 3e23e816 = 1042540566 -> 6
        assertThat(LabelledCase.heldOut("a")).isTrue();
        assertThat(LabelledCase.heldOut("b")).isFalse();
    }
}
