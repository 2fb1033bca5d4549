package dev.zerofail.secrets;

import dev.zerofail.scan.Rule;
import dev.zerofail.scan.RuleSet;
import dev.zerofail.scan.ValueRules;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The format names a manifest may use: a few built-ins with their own regex, short names for the
 * scanner's credential rules, and every credential rule id of the active {@link RuleSet}.
 */
public final class Formats {
    private static final String PEM = "-----BEGIN[ A-Z0-9_-]{0,100}PRIVATE KEY(?: BLOCK)?-----[\\s\\S]*?"
            + "[A-Za-z0-9+/=]{40}[\\s\\S]*-----END[ A-Z0-9_-]{0,100}PRIVATE KEY(?: BLOCK)?-----\\s*$";
    private static final List<Format> BUILTIN = List.of(
            new Format("nonempty", "any non-blank value", "\\S", List.of()),
            new Format("url", "a URL such as https://host/path or postgres://user:pass@host/db",
                    "^[A-Za-z][A-Za-z0-9+.-]*://[^\\s/?#]+[^\\s]*$", List.of()),
            new Format("uuid", "a UUID such as 123e4567-e89b-12d3-a456-426614174000",
                    "^[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}$", List.of()),
            new Format("hex32", "32 hexadecimal digits (16 random bytes)", "^[0-9A-Fa-f]{32}$", List.of()),
            new Format("hex64", "64 hexadecimal digits (32 random bytes, e.g. openssl rand -hex 32)",
                    "^[0-9A-Fa-f]{64}$", List.of()),
            new Format("base64", "standard base64 with padding (e.g. openssl rand -base64 32)",
                    "^(?:[A-Za-z0-9+/]{4})+(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$", List.of()));
    /** Short names people write in a manifest for the scanner's rule ids. */
    private static final Map<String, List<String>> ALIASES = aliases();

    private static Map<String, List<String>> aliases() {
        Map<String, List<String>> m = new LinkedHashMap<>();
        m.put("openai", List.of("openai-api-key"));
        m.put("anthropic", List.of("anthropic-api-key"));
        m.put("pulumi", List.of("pulumi-access-token"));
        m.put("github-pat", List.of("github-token", "github-fine-grained-pat"));
        m.put("pem-private-key", List.of("private-key"));
        m.put("aws-access-key", List.of("aws-access-key-id"));
        m.put("stripe", List.of("stripe-key"));
        m.put("slack", List.of("slack-token"));
        m.put("sendgrid", List.of("sendgrid-api-key"));
        return m;
    }

    private final Map<String, Format> byName;

    private Formats(Map<String, Format> byName) {
        this.byName = byName;
    }

    public static Formats of(RuleSet rules) {
        Map<String, Format> m = new LinkedHashMap<>();
        for (Format f : BUILTIN) {
            m.put(f.name(), f);
        }
        for (Map.Entry<String, List<String>> a : ALIASES.entrySet()) {
            List<Rule> found = a.getValue().stream().map(rules::find).filter(r -> r != null && ValueRules.isFormatRule(r))
                    .toList();
            if (!found.isEmpty()) {
                m.put(a.getKey(), fromRules(a.getKey(), found));
            }
        }
        for (Rule r : rules.rules()) {
            if (ValueRules.isFormatRule(r)) {
                m.putIfAbsent(r.id(), fromRules(r.id(), List.of(r)));
            }
        }
        return new Formats(m);
    }

    private static Format fromRules(String name, List<Rule> rs) {
        String hint = String.join(" or ", rs.stream().map(Rule::description).distinct().toList());
        String regex;
        if (rs.size() == 1 && rs.get(0).isBuiltin("pem-body")) {
            regex = PEM;
        } else {
            List<String> alts = new ArrayList<>();
            for (Rule r : rs) {
                alts.add("(?:" + r.regex().pattern() + ")");
            }
            regex = "^(?:" + String.join("|", alts) + ")$";
        }
        return new Format(name, hint, regex, rs.stream().map(Rule::id).toList());
    }

    public Optional<Format> find(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    /** The short name of a scanner rule's format (openai-api-key → openai), else the rule id. */
    public String nameFor(String ruleId) {
        for (Format f : byName.values()) {
            if (f.scannerRules().equals(List.of(ruleId))) {
                return f.name();
            }
        }
        return ruleId;
    }

    /** Every name, built-ins and short names first. */
    public List<String> names() {
        return List.copyOf(byName.keySet());
    }
}
