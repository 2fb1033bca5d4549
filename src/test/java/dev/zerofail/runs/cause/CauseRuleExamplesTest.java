package dev.zerofail.runs.cause;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** Every example in causes.yaml is a test: match examples are decided by that rule, nomatch ones are not. */
class CauseRuleExamplesTest {
    private static final CauseClassifier CLASSIFIER = CauseClassifier.builtIn();

    @TestFactory
    Stream<DynamicTest> everyRuleExample() {
        List<DynamicTest> tests = new ArrayList<>();
        for (CauseRule r : CLASSIFIER.rules()) {
            for (FailedJob e : r.matchExamples()) {
                tests.add(DynamicTest.dynamicTest(r.id() + " matches " + describe(e), () -> {
                    Classification c = CLASSIFIER.classify(e);
                    assertThat(c.ruleId()).as("rule deciding %s", describe(e)).isEqualTo(r.id());
                    assertThat(c.cause()).isEqualTo(r.cause());
                    assertThat(c.evidence()).isNotBlank();
                }));
            }
            for (FailedJob e : r.noMatchExamples()) {
                tests.add(DynamicTest.dynamicTest(r.id() + " does not match " + describe(e), () ->
                        assertThat(CLASSIFIER.classify(e).ruleId()).as("rule deciding %s", describe(e))
                                .isNotEqualTo(r.id())));
            }
        }
        return tests.stream();
    }

    @Test
    void everyRuleHasExamplesBothWays() {
        assertThat(CLASSIFIER.rules()).hasSizeGreaterThan(20);
        for (CauseRule r : CLASSIFIER.rules()) {
            assertThat(r.matchExamples()).as("match examples of %s", r.id()).isNotEmpty();
            assertThat(r.noMatchExamples()).as("nomatch examples of %s", r.id()).isNotEmpty();
        }
    }

    @Test
    void everyCauseButUnknownHasARule() {
        for (Cause c : Cause.values()) {
            if (c != Cause.UNKNOWN) {
                assertThat(CLASSIFIER.rules()).as("rules for %s", c).anyMatch(r -> r.cause() == c);
            }
        }
    }

    private static String describe(FailedJob e) {
        String s = e.conclusion() + " " + e.steps().stream().map(StepOutcome::name).toList() + " "
                + String.join(" | ", e.logLines());
        return s.length() > 120 ? s.substring(0, 120) + "…" : s;
    }
}
