package dev.zerofail.scan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zerofail.core.Finding;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** Every example of the word lists in rules.yaml is a test: match lines produce a finding, nomatch lines none. */
class WordListExamplesTest {
    private static final RuleSet RULES = RuleSet.builtin();
    private static final Detector DETECTOR = new Detector(RULES);

    @TestFactory
    Stream<DynamicTest> everyWordListExample() {
        return RULES.vocabulary().examples().stream().map(x -> DynamicTest.dynamicTest(
                x.list() + (x.match() ? " finds " : " stays silent on ") + x.example().text(), () -> {
                    List<Finding> found = DETECTOR.detect(x.example().file(), x.example().text());
                    if (x.match()) {
                        assertThat(found).as("findings for %s in %s", x.example().text(), x.example().file()).isNotEmpty();
                    } else {
                        assertThat(found).as("findings for %s in %s", x.example().text(), x.example().file()).isEmpty();
                    }
                }));
    }

    @Test
    void everyListHasExamplesBothWays() {
        for (String list : Vocabulary.LISTS) {
            assertThat(RULES.vocabulary().examples()).as("examples of %s", list)
                    .anyMatch(x -> x.list().equals(list) && x.match())
                    .anyMatch(x -> x.list().equals(list) && !x.match());
        }
    }

    @Test
    void listsAreReadFromTheRulesFile() {
        Vocabulary v = RULES.vocabulary();
        assertThat(v.looksFake("AKIAIOSFODNN7EXAMPLE")).isTrue();
        assertThat(v.looksFake("AKIAQ3EGRTW7NZ5KD2MB")).isFalse();
        assertThat(v.publicValue("pk_test_abc")).isTrue();
        assertThat(v.publicValue("pk_test_a\nb")).isFalse();
        assertThat(v.genericKey("defaultValue")).isTrue();
        assertThat(v.notCredential("bearer")).isTrue();
        assertThat(v.keywordStems()).contains("pass", "secret");
    }
}
