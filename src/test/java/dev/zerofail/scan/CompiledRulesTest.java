package dev.zerofail.scan;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.InputStream;
import org.junit.jupiter.api.Test;

/** The compiled built-in rules the build writes (rules.bin) say exactly what rules.yaml says. */
class CompiledRulesTest {
    @Test
    void theGeneratedFormIsRulesYamlAsItIsNow() throws Exception {
        byte[] fromYaml = CompiledRules.bytes(RuleSet.parseYaml());
        byte[] built;
        try (InputStream in = CompiledRules.class.getResourceAsStream(CompiledRules.RESOURCE)) {
            assertThat(in).as("the build writes " + CompiledRules.RESOURCE + " (process-classes)").isNotNull();
            built = in.readAllBytes();
        }
        assertThat(built).as("rules.bin is stale: rebuild (mvn process-classes)").isEqualTo(fromYaml);
    }

    @Test
    void readingTheCompiledFormLosesNothing() throws Exception {
        RuleSet yaml = RuleSet.parseYaml();
        byte[] bytes = CompiledRules.bytes(yaml);
        RuleSet read = CompiledRules.read(new DataInputStream(new ByteArrayInputStream(bytes)));
        assertThat(CompiledRules.bytes(read)).isEqualTo(bytes);
        assertThat(read.rules()).hasSameSizeAs(yaml.rules()).isNotEmpty();
        for (int i = 0; i < yaml.rules().size(); i++) {
            Rule a = yaml.rules().get(i);
            Rule b = read.rules().get(i);
            assertThat(b).usingRecursiveComparison().ignoringFieldsOfTypes(java.util.regex.Pattern.class).isEqualTo(a);
            assertThat(b.regex() == null ? null : b.regex().pattern()).isEqualTo(a.regex() == null ? null : a.regex().pattern());
            assertThat(b.value() == null ? null : b.value().pattern()).isEqualTo(a.value() == null ? null : a.value().pattern());
        }
        assertThat(read.vocabulary()).isEqualTo(yaml.vocabulary());
        assertThat(read.secretKeys().lists()).isEqualTo(yaml.secretKeys().lists());
        assertThat(read.secretKeyMatchExamples()).isEqualTo(yaml.secretKeyMatchExamples()).isNotEmpty();
    }

    @Test
    void theBuiltinRulesComeFromTheCompiledForm() {
        assertThat(CompiledRules.load()).isNotNull();
        assertThat(RuleSet.builtin().rules()).extracting(Rule::id)
                .containsExactlyElementsOf(RuleSet.parseYaml().rules().stream().map(Rule::id).toList());
    }
}
