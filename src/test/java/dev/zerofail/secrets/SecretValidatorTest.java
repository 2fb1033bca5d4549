package dev.zerofail.secrets;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zerofail.scan.RuleSet;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SecretValidatorTest {
    static final String OPENAI = "sk-proj-Q7vR2mXk9LpT4wZs8NbC1dFy6HjUe3Ga5KoWq0PiQ7vR2mXk9LpT4wZs8NbC1dFy6HjUe3Ga5KoWq0PiXy7Zk2Lm9P";
    static final String GHP = "ghp_Zq8Xw3Rt6Yu1Io4Pa7Sd0Fg2Hj5Kl9Mn3Bv7";
    static final String PEM = "-----BEGIN RSA PRIVATE KEY-----\n"
            + "MIIEowIBAAKCAQEAu1SU1LfVLPHCozMxH2Mo4lgOEePzNm0tRgeLezV6ffAt0gun\n"
            + "VTLw7onLRnrq0/IzW7yWR7QkrmBL7jTKEn5u+qKhbwKfBstIs+bMY2Zkp18gnTxK\n"
            + "-----END RSA PRIVATE KEY-----\n";
    static final String JWT = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJSd3JYR25DYkJUIiwibmFtZSI6InN2YyIsImlhdCI6MTcwMDAwMDAwMH0"
            + ".77doqLCNgPrKr32ynB6Jutlb5jBO3TaIlkz7MkhNSqy";

    final SecretValidator v = SecretValidator.defaults();

    static SecretSpec spec(String format, String regex, List<String> required, boolean sensitive) {
        return new SecretSpec("OPENAI_API_KEY", "acme.ai.openai_api_key", null, null, null, required, sensitive, format,
                regex == null ? null : Pattern.compile(regex), List.of("api"), "zerofail.yaml:3 secrets.manifest[0]");
    }

    @Test
    void okValueIsMaskedAndFingerprinted() {
        Verdict r = v.check(spec("openai", "^sk-proj-", List.of("*"), true), OPENAI, "prod");
        assertThat(r.status()).isEqualTo(Verdict.Status.OK);
        assertThat(r.masked()).isEqualTo("sk-p…(" + OPENAI.length() + " chars)");
        assertThat(r.fingerprint()).hasSize(16).isEqualTo(v.check(spec(null, null, List.of("*"), true), OPENAI, null).fingerprint());
        assertThat(r.blocking("prod")).isFalse();
    }

    @Test
    void missingDependsOnEnvironment() {
        SecretSpec prodOnly = spec(null, null, List.of("prod"), true);
        Verdict prod = v.check(prodOnly, null, "prod");
        assertThat(prod.status()).isEqualTo(Verdict.Status.MISSING);
        assertThat(prod.reason()).isEqualTo("required in prod but not set");
        assertThat(prod.blocking("prod")).isTrue();
        assertThat(prod.masked()).isNull();
        Verdict dev = v.check(prodOnly, "  ", "dev");
        assertThat(dev.status()).isEqualTo(Verdict.Status.OPTIONAL_MISSING);
        assertThat(dev.blocking("dev")).isFalse();
        assertThat(v.check(spec(null, null, List.of(), true), "", null).status()).isEqualTo(Verdict.Status.OPTIONAL_MISSING);
    }

    @ParameterizedTest
    @CsvSource({"your_api_key_here", "REPLACE_ME", "changeme", "sk-...", "sk-xxxxxxxxxxxx", "<openai-key>",
        "${OPENAI_API_KEY}", "dummy-token", "PLACEHOLDER_OPENAI", "postgres://app:changeme@db:5432/app", "TODO",
        "AKIAIOSFODNN7EXAMPLE"})
    void placeholdersAreRefusedWithoutQuotingTheValue(String value) {
        Verdict r = v.check(spec(null, null, List.of("*"), true), value, "prod");
        assertThat(r.status()).as(value).isEqualTo(Verdict.Status.PLACEHOLDER);
        // the reason names the rule that matched; it is the same whatever the value was
        var rule = RuleSet.builtin().find(r.reason().replaceAll("^a placeholder, not a real value \\(([a-z-]+): .*$", "$1"));
        assertThat(rule).as(r.reason()).isNotNull();
        assertThat(r.reason()).isEqualTo("a placeholder, not a real value (" + rule.id() + ": " + rule.description() + ")");
        assertThat(r.blocking("prod")).isTrue();
    }

    @Test
    void weakWordsAreFineForNonSensitiveConfig() {
        assertThat(v.check(spec(null, null, List.of("*"), true), "admin", null).status()).isEqualTo(Verdict.Status.PLACEHOLDER);
        assertThat(v.check(spec(null, null, List.of("*"), false), "admin", null).status()).isEqualTo(Verdict.Status.OK);
        assertThat(v.check(spec(null, null, List.of("*"), false), "CHANGEME", null).status())
                .isEqualTo(Verdict.Status.PLACEHOLDER);
    }

    @Test
    void formatAndRegex() {
        Verdict fmt = v.check(spec("openai", null, List.of("*"), true), GHP, "prod");
        assertThat(fmt.status()).isEqualTo(Verdict.Status.BAD_FORMAT);
        assertThat(fmt.reason()).contains("format openai").doesNotContain(GHP);
        assertThat(v.check(spec("github-pat", null, List.of("*"), true), GHP, null).ok()).isTrue();

        Verdict re = v.check(spec(null, "^sk-proj-", List.of("*"), true), GHP, null);
        assertThat(re.status()).isEqualTo(Verdict.Status.BAD_FORMAT);
        assertThat(re.reason()).contains("^sk-proj-").contains("secrets.manifest[0]").doesNotContain(GHP);

        Verdict optionalBad = v.check(spec("uuid", null, List.of(), true), "not-a-uuid-at-all-9f", "prod");
        assertThat(optionalBad.status()).isEqualTo(Verdict.Status.BAD_FORMAT);
        assertThat(optionalBad.blocking("prod")).isFalse();
    }

    /** Every built-in format and short name, with values that must and must not match. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "nonempty|x|' '",
        "url|https://api.example.org/v1|not a url",
        "url|postgres://app:Zq8Xw3Rt6Y@db:5432/app|db:5432",
        "uuid|123e4567-e89b-12d3-a456-426614174000|123e4567e89b12d3a456426614174000",
        "hex32|9f86d081884c7d659a2feaa0c55ad015|9f86d081884c7d659a2feaa0c55ad01",
        "hex64|9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08|9f86d081884c7d659a2feaa0c55ad015",
        "base64|q83vEjRWeJq83vEjRWeJqw==|q83vEjRWeJq83vEjRWeJqw=",
        "github-pat|" + GHP + "|ghp_short",
        "openai|" + OPENAI + "|sk-abc123",
        "jwt|" + JWT + "|eyJhbGciOiJIUzI1NiJ9",
    })
    void formats(String format, String match, String nomatch) {
        SecretSpec s = spec(format, null, List.of("*"), false);
        assertThat(v.check(s, match, null).status()).as(format + " match").isEqualTo(Verdict.Status.OK);
        assertThat(v.check(s, nomatch, null).status()).as(format + " nomatch").isIn(Verdict.Status.BAD_FORMAT,
                Verdict.Status.OPTIONAL_MISSING, Verdict.Status.MISSING);
        Format f = v.formats().find(format).orElseThrow();
        // the regex the set-up script checks with must agree with the Java check on these values
        Pattern p = Pattern.compile(f.regex());
        assertThat(p.matcher(match).find()).as(format + " regex match").isTrue();
        assertThat(p.matcher(nomatch).find()).as(format + " regex nomatch").isFalse();
    }

    @Test
    void pemPrivateKey() {
        SecretSpec s = spec("pem-private-key", null, List.of("*"), true);
        assertThat(v.check(s, PEM, null).status()).isEqualTo(Verdict.Status.OK);
        assertThat(v.check(s, "-----BEGIN RSA PRIVATE KEY-----\n...\n-----END RSA PRIVATE KEY-----", null).status())
                .isIn(Verdict.Status.BAD_FORMAT, Verdict.Status.PLACEHOLDER);
        assertThat(v.check(s, "-----BEGIN PUBLIC KEY-----\nMIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAu1SU1L\n-----END PUBLIC KEY-----",
                null).status()).isEqualTo(Verdict.Status.BAD_FORMAT);
        assertThat(Pattern.compile(v.formats().find("pem-private-key").orElseThrow().regex()).matcher(PEM).find()).isTrue();
    }

    @Test
    void everyScannerCredentialRuleIsAFormat() {
        RuleSet rules = RuleSet.builtin();
        Formats formats = Formats.of(rules);
        assertThat(formats.names()).startsWith("nonempty", "url", "uuid", "hex32", "hex64", "base64")
                .contains("openai", "anthropic", "pulumi", "github-pat", "pem-private-key", "jwt", "aws-access-key-id",
                        "stripe-key")
                .doesNotContain("placeholder-marker", "generic-secret");
    }
}
