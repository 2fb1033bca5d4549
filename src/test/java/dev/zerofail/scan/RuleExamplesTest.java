package dev.zerofail.scan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zerofail.core.Finding;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** Every example in rules.yaml is a test: match examples must produce that rule, nomatch ones must not. */
class RuleExamplesTest {
    private static final RuleSet RULES = RuleSet.builtin();
    private static final Detector DETECTOR = new Detector(RULES);

    @TestFactory
    Stream<DynamicTest> everyRuleExample() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Rule r : RULES.rules()) {
            for (Rule.Example e : r.matchExamples()) {
                tests.add(DynamicTest.dynamicTest(r.id() + " matches " + e.text(), () -> {
                    List<Finding> found = DETECTOR.detect(e.file(), e.text());
                    assertThat(found).as("findings for %s in %s", e.text(), e.file())
                            .extracting(Finding::rule).contains(r.id());
                }));
            }
            for (Rule.Example e : r.noMatchExamples()) {
                tests.add(DynamicTest.dynamicTest(r.id() + " does not match " + e.text(), () -> {
                    List<Finding> found = DETECTOR.detect(e.file(), e.text());
                    assertThat(found).as("findings for %s in %s", e.text(), e.file())
                            .extracting(Finding::rule).doesNotContain(r.id());
                }));
            }
        }
        return tests.stream();
    }

    @Test
    void everyRuleHasExamplesBothWays() {
        for (Rule r : RULES.rules()) {
            assertThat(r.matchExamples()).as("match examples of %s", r.id()).isNotEmpty();
            assertThat(r.noMatchExamples()).as("nomatch examples of %s", r.id()).isNotEmpty();
        }
    }

    @TestFactory
    Stream<DynamicTest> secretKeyExamples() {
        SecretKeys keys = RULES.secretKeys();
        return Stream.concat(
                RULES.secretKeyMatchExamples().stream().map(k -> DynamicTest.dynamicTest("secret key " + k,
                        () -> assertThat(keys.isSecretKey(k)).as(k).isTrue())),
                RULES.secretKeyNoMatchExamples().stream().map(k -> DynamicTest.dynamicTest("not a secret key " + k,
                        () -> assertThat(keys.isSecretKey(k)).as(k).isFalse())));
    }
}
