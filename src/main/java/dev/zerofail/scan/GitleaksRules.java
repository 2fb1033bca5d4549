package dev.zerofail.scan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import dev.zerofail.core.Severity;
import dev.zerofail.core.ZerofailException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Reads a gitleaks configuration (TOML, {@code [[rules]]} with id, regex, keywords, secretGroup,
 * entropy) as extra line rules, so a team can keep the rule file it already has. Go's RE2
 * syntax is translated where Java differs (named groups, POSIX classes).
 */
public final class GitleaksRules {
    private static final Pattern POSIX_CLASS = Pattern.compile("\\[:(alnum|alpha|digit|lower|upper|space|punct|xdigit|word):]");

    private GitleaksRules() {
    }

    /** Rules whose regex Java cannot compile, or that have no keywords, are skipped and listed in {@code skipped}. */
    public static List<Rule> load(Path file, List<String> skipped) {
        JsonNode root = DataFiles.readTree(new TomlMapper(), file, "not a valid TOML file",
                "pass a gitleaks configuration (gitleaks.toml)");
        JsonNode rules = root.get("rules");
        if (rules == null || !rules.isArray()) {
            throw ZerofailException.usage(file.toString(), "no [[rules]] table", "pass a gitleaks configuration");
        }
        List<Rule> out = new ArrayList<>();
        for (JsonNode r : rules) {
            String id = "gitleaks." + text(r, "id", "rule").toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9._-]", "-");
            String regex = text(r, "regex", null);
            List<String> keywords = new ArrayList<>();
            r.path("keywords").forEach(k -> keywords.add(k.asText().toLowerCase(Locale.ROOT)));
            if (regex == null || keywords.isEmpty()) {
                skipped.add(id + (regex == null ? " (no regex)" : " (no keywords: it would run on every line)"));
                continue;
            }
            Pattern compiled;
            try {
                compiled = Pattern.compile(translate(regex));
            } catch (PatternSyntaxException e) {
                skipped.add(id + " (regex not supported by Java: " + e.getDescription() + ")");
                continue;
            }
            int group = r.path("secretGroup").asInt(0);
            if (group > compiled.matcher("").groupCount()) {
                group = 0;
            }
            out.add(new Rule(id, Rule.SECRET, Severity.HIGH, text(r, "description", id), null, keywords, compiled,
                    group, null, null, r.path("entropy").asDouble(0), 0, List.of(), List.of()));
        }
        return out;
    }

    /** RE2 → java.util.regex: {@code (?P<name>} → {@code (?<name>}, {@code [[:alnum:]]} → {@code \p{Alnum}}. */
    static String translate(String re2) {
        // Java group names are letters and digits only: (?P<encoded_jwt> becomes (?<encodedjwt>
        StringBuilder named = new StringBuilder();
        int from = 0;
        for (int at = re2.indexOf("(?P<"); at >= 0; at = re2.indexOf("(?P<", from)) {
            int close = re2.indexOf('>', at + 4);
            if (close < 0) {
                break;
            }
            String name = re2.substring(at + 4, close).replaceAll("[^A-Za-z0-9]", "");
            named.append(re2, from, at).append("(?<").append(name.isEmpty() ? "g" : name).append('>');
            from = close + 1;
        }
        named.append(re2.substring(from));
        String s = named.toString();
        Matcher m = POSIX_CLASS.matcher(s);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String cls = switch (m.group(1)) {
                case "alnum" -> "\\\\p{Alnum}";
                case "alpha" -> "\\\\p{Alpha}";
                case "digit" -> "\\\\d";
                case "lower" -> "\\\\p{Lower}";
                case "upper" -> "\\\\p{Upper}";
                case "space" -> "\\\\s";
                case "punct" -> "\\\\p{Punct}";
                case "xdigit" -> "\\\\p{XDigit}";
                default -> "\\\\w";
            };
            m.appendReplacement(sb, cls);
        }
        m.appendTail(sb);
        return sb.toString();
    }

    private static String text(JsonNode n, String field, String fallback) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? fallback : v.asText();
    }
}
