package dev.zerofail.scan;

import dev.zerofail.core.Severity;
import java.util.List;
import java.util.regex.Pattern;

/**
 * One scanner rule, as read from {@code rules.yaml} or {@code zerofail.yaml}.
 *
 * @param keywords lower-case literals of which one must be on a line before {@code regex} runs
 * @param regex    line rule: where the secret is ({@code group} selects it), or null
 * @param value    value rule: applied to values of secret-bearing keys, or null
 * @param builtin  name of logic that lives in code (empty-value, url-*, entropy, pem-body), or null
 */
public record Rule(String id, String kind, Severity severity, String description, String fix,
        List<String> keywords, Pattern regex, int group, Pattern value, String builtin,
        double minEntropy, int minLength, List<Example> matchExamples, List<Example> noMatchExamples) {

    public static final String PLACEHOLDER = "placeholder";
    public static final String SECRET = "secret";

    public Rule {
        keywords = List.copyOf(keywords);
        matchExamples = List.copyOf(matchExamples);
        noMatchExamples = List.copyOf(noMatchExamples);
    }

    public boolean isLineRule() {
        return regex != null;
    }

    /**
     * Whether every alternative of the value regex starts with ^: then a match can only start at
     * the first character, and lookingAt() spares trying every other position.
     */
    public boolean anchored() {
        return value != null && anchored(value.pattern());
    }

    static boolean anchored(String regex) {
        int depth = 0;
        boolean inClass = false;
        boolean atAlternativeStart = true;
        for (int i = 0; i < regex.length(); i++) {
            char c = regex.charAt(i);
            if (atAlternativeStart) {
                if (regex.startsWith("(?i)", i)) {
                    i += 3;
                    continue;
                }
                if (c != '^') {
                    return false;
                }
                atAlternativeStart = false;
                continue;
            }
            if (c == '\\') {
                i++;
            } else if (inClass) {
                inClass = c != ']';
            } else if (c == '[') {
                inClass = true;
            } else if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
            } else if (c == '|' && depth == 0) {
                atAlternativeStart = true;
            }
        }
        return !atAlternativeStart;
    }

    public boolean isValueRule() {
        return value != null;
    }

    public boolean isBuiltin(String name) {
        return name.equals(builtin);
    }

    /** An example text, scanned as if it were a file of this name. */
    public record Example(String file, String text) {
    }
}
