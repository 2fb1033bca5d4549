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
    void dockerInstructionIsTheStrippedHeadEnvOrArg() {
        List<String> parts = List.of("ENV", "ARG", "env", "EN", "V", "RUN", " ", "\t", "\u2003", "\u00a0", "x", "=");
        Random r = new Random(11);
        int yes = 0;
        for (int n = 0; n < 50_000; n++) {
            StringBuilder s = new StringBuilder();
            for (int k = r.nextInt(5); k > 0; k--) {
                s.append(parts.get(r.nextInt(parts.size())));
            }
            String line = s + "API_TOKEN changeme";
            String head = line.substring(0, s.length()).strip();
            boolean expected = head.equals("ENV") || head.equals("ARG");
            yes += expected ? 1 : 0;
            assertThat(AssignmentLexer.dockerInstruction(line, s.length())).as(line).isEqualTo(expected);
        }
        assertThat(yes).isGreaterThan(100);
    }

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
