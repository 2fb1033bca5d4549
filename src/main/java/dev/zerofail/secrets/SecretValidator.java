package dev.zerofail.secrets;

import dev.zerofail.core.Masking;
import dev.zerofail.scan.Rule;
import dev.zerofail.scan.RuleSet;
import dev.zerofail.scan.ValueRules;
import java.util.Optional;

/** Decides whether a value is real: present, not a placeholder by the scanner's rules, matches its format. */
public final class SecretValidator {
    /** Weak-password words (admin, root, test) are placeholders for a password but ordinary values for config. */
    private static final String DUMMY_RULE = "placeholder-dummy";
    private final ValueRules values;
    private final Formats formats;

    public SecretValidator(RuleSet rules) {
        this.values = new ValueRules(rules);
        this.formats = Formats.of(rules);
    }

    public static SecretValidator defaults() {
        return new SecretValidator(RuleSet.builtin());
    }

    public Formats formats() {
        return formats;
    }

    /** The verdict on {@code valueOrNull} for {@code spec} in {@code environment} (null = any). */
    public Verdict check(SecretSpec spec, String valueOrNull, String environment) {
        String masked = Masking.mask(valueOrNull);
        String fp = valueOrNull == null ? null : SecretStore.fingerprint(spec.name(), valueOrNull);
        if (valueOrNull == null || valueOrNull.isBlank()) {
            boolean required = spec.requiredIn(environment);
            String where = environment == null ? "" : " in " + environment;
            return new Verdict(spec, required ? Verdict.Status.MISSING : Verdict.Status.OPTIONAL_MISSING,
                    required ? "required" + where + " but not set" : "optional" + where + ", not set", masked, fp);
        }
        Optional<Rule> placeholder = values.placeholder(valueOrNull)
                .filter(r -> spec.sensitive() || !r.id().equals(DUMMY_RULE));
        if (placeholder.isPresent()) {
            return new Verdict(spec, Verdict.Status.PLACEHOLDER,
                    "a placeholder, not a real value (" + placeholder.get().id() + ": " + placeholder.get().description() + ")",
                    masked, fp);
        }
        if (spec.format() != null) {
            Optional<Format> f = formats.find(spec.format());
            if (f.isEmpty()) {
                return new Verdict(spec, Verdict.Status.BAD_FORMAT, "unknown format '" + spec.format() + "'", masked, fp);
            }
            if (!f.get().matches(valueOrNull, values)) {
                return new Verdict(spec, Verdict.Status.BAD_FORMAT,
                        "does not have format " + f.get().name() + " (" + f.get().hint() + ")", masked, fp);
            }
        }
        if (spec.pattern() != null && !spec.pattern().matcher(valueOrNull).find()) {
            return new Verdict(spec, Verdict.Status.BAD_FORMAT,
                    "does not match the regex " + spec.pattern().pattern() + " of " + spec.where(), masked, fp);
        }
        return new Verdict(spec, Verdict.Status.OK, "ok", masked, fp);
    }
}
