package dev.zerofail.secrets;

import dev.zerofail.scan.ValueRules;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A named value format. Either a regex of its own (url, uuid…) or one or more scanner rules whose
 * shape the whole value must have (openai → rule openai-api-key), so that the manifest and
 * {@code zerofail scan} agree on what a real credential looks like.
 *
 * @param hint         what the value looks like, for people (checklists, messages)
 * @param regex        the whole-value regex, in the common subset of Java and PCRE (set-up scripts check it with grep -P)
 * @param scannerRules rule ids of {@code rules.yaml}; empty for a format with a regex of its own
 */
public record Format(String name, String hint, String regex, List<String> scannerRules) {

    public Format {
        scannerRules = List.copyOf(scannerRules);
    }

    public boolean matches(String value, ValueRules rules) {
        if (value == null) {
            return false;
        }
        if (scannerRules.isEmpty()) {
            return Pattern.compile(regex).matcher(value.strip()).find();
        }
        return scannerRules.stream().anyMatch(id -> rules.matches(id, value));
    }
}
