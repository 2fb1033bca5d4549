package dev.zerofail.scan;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The cheap test before the wrapper regex must never skip a value the regex would unwrap. */
class AssignmentLexerTest {
    static final List<String> PARTS = List.of("Field", "field", "pulumi.output", "pulumi.secret", "Output.secret",
            "SecretValue.unsafePlainText", "SecretStr", "Optional.of", "new String", "new  String", "[]byte",
            "Buffer.from", "z.string()", "Joi.string()", "str", "text", ".min(32)", ".default", "default=", "(", ")",
            "(\"", "('", "\"x\"", "'x'", "{ default: ", "f\"", "b'", " ", "\t", ",", ";", "x", "cfg.password", "_",
            "9", "[", "]", "Some", "os.getenv", "-", ":", "=", "DecodeString", "`", "\u00e9");

    @Test
    void callAheadHoldsWheneverTheWrapperMatches() {
        Random r = new Random(7);
        int matched = 0;
        for (int n = 0; n < 100_000; n++) {
            StringBuilder s = new StringBuilder();
            for (int k = 1 + r.nextInt(6); k > 0; k--) {
                s.append(PARTS.get(r.nextInt(PARTS.size())));
            }
            String line = "  key = " + s;
            int at = 8;
            if (AssignmentLexer.WRAPPER.matcher(line).region(at, line.length()).lookingAt()) {
                matched++;
                assertThat(AssignmentLexer.callAhead(line, at)).as(line).isTrue();
            }
        }
        assertThat(matched).isGreaterThan(500);
        assertThat(AssignmentLexer.callAhead("password = cfg.password;", 11)).isFalse();
        assertThat(AssignmentLexer.callAhead("password = new String(\"x\")", 11)).isTrue();
    }
}
