package dev.zerofail.scan;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The scanner's judgement applied to one bare value instead of a file: "is this a placeholder?"
 * and "does this value have the shape rule X finds?". The secrets manifest uses it to validate a
 * value before it is synced or injected, with the very rules `scan` uses, so both agree.
 */
public final class ValueRules {
    private static final Pattern URL_PASSWORD = Pattern.compile("^[a-zA-Z][a-zA-Z0-9+.-]*://([^:/@\\s]*):([^@/\\s]*)@");
    private static final Pattern PEM_END = Pattern.compile("-----END[ A-Z0-9_-]{0,100}PRIVATE KEY(?: BLOCK)?-----\\s*$");

    private final RuleSet rules;

    public ValueRules(RuleSet rules) {
        this.rules = rules;
    }

    public RuleSet rules() {
        return rules;
    }

    /**
     * The placeholder rule a value matches, if any: a marker word, {@code your_key_here}, {@code sk-...},
     * a masked or dummy value, a reference ({@code ${X}}) that was never resolved, or a URL whose
     * password is one of those. Empty values are for the caller to judge (missing, not a placeholder).
     */
    public Optional<Rule> placeholder(String value) {
        String t = value == null ? "" : value.strip();
        if (t.isEmpty()) {
            return Optional.empty();
        }
        Optional<Rule> byValue = placeholderValueRule(t);
        if (byValue.isPresent()) {
            return byValue;
        }
        if (ValueHeuristics.isReference(t) && (t.startsWith("$") || t.startsWith("{{") || t.startsWith("<%"))) {
            return Optional.ofNullable(firstPlaceholderRule());
        }
        Matcher url = URL_PASSWORD.matcher(t);
        if (url.find()) {
            String user = url.group(1);
            String pw = url.group(2);
            if (!pw.isEmpty() && !pw.startsWith("$") && (pw.equalsIgnoreCase(user) || pw.equalsIgnoreCase("password")
                    || pw.equalsIgnoreCase("pass") || placeholderValueRule(pw).isPresent())) {
                Rule r = rules.find("placeholder-url-credentials");
                return Optional.ofNullable(r != null ? r : firstPlaceholderRule());
            }
        }
        // AKIAIOSFODNN7EXAMPLE, sk_live_xxxx: a real-looking shape with a documentation marker inside
        if (rules.vocabulary().looksFake(t) && secretShape(t).isPresent()) {
            return Optional.ofNullable(firstPlaceholderRule());
        }
        return Optional.empty();
    }

    private Optional<Rule> placeholderValueRule(String t) {
        if (t.length() > 256) {
            return Optional.empty();
        }
        for (Rule r : rules.rules()) {
            // a weak default (postgres) is judged with its key and file in a scan, not as a bare value
            if (r.isValueRule() && !r.isBuiltin("weak-default") && Rule.PLACEHOLDER.equals(r.kind())
                    && r.value().matcher(t).find()) {
                return Optional.of(r);
            }
        }
        return Optional.empty();
    }

    private Rule firstPlaceholderRule() {
        return rules.rules().stream().filter(r -> Rule.PLACEHOLDER.equals(r.kind())).findFirst().orElse(null);
    }

    /** Secret rules that can name a format: they have a line regex that finds the credential itself. */
    public static boolean isFormatRule(Rule r) {
        return Rule.SECRET.equals(r.kind()) && r.isLineRule();
    }

    /**
     * Whether the whole value (surrounding blanks ignored) is what rule {@code ruleId} finds: for a
     * token rule the rule's match covers the value; for a PEM private key the value is one key block.
     * False for unknown rules or rules that are not {@link #isFormatRule format rules}.
     */
    public boolean matches(String ruleId, String value) {
        Rule r = rules.find(ruleId);
        if (r == null || !isFormatRule(r) || value == null) {
            return false;
        }
        return covers(r, value.strip());
    }

    /** The first format rule whose shape the whole value has (to guess a format from an example value). */
    public Optional<Rule> secretShape(String value) {
        String t = value == null ? "" : value.strip();
        if (t.isEmpty()) {
            return Optional.empty();
        }
        for (Rule r : rules.rules()) {
            if (isFormatRule(r) && covers(r, t)) {
                return Optional.of(r);
            }
        }
        return Optional.empty();
    }

    private static boolean covers(Rule r, String t) {
        Matcher m = r.regex().matcher(t);
        if (!m.find()) {
            return false;
        }
        if (r.isBuiltin("pem-body")) {
            return m.start() == 0 && PEM_END.matcher(t).find() && pemBody(t.substring(m.end()));
        }
        int g = r.group();
        if (g == 0) {
            for (int i = 1; i <= m.groupCount(); i++) {
                if (m.group(i) != null) {
                    g = i;
                    break;
                }
            }
        }
        return m.group(g) != null && m.start(g) == 0 && m.end(g) == t.length();
    }

    private static boolean pemBody(String rest) {
        StringBuilder body = new StringBuilder();
        for (String l : rest.split("\\R")) {
            String s = l.strip();
            if (s.startsWith("-----")) {
                break;
            }
            if (!s.contains(":")) {
                body.append(s);
            }
        }
        String b = body.toString();
        return b.length() >= 40 && b.matches("[A-Za-z0-9+/=]+") && ValueHeuristics.entropy(b) >= 3.0;
    }
}
