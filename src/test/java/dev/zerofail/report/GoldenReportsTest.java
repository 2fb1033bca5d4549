package dev.zerofail.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zerofail.Contracts;
import dev.zerofail.audit.AuditResult;
import dev.zerofail.core.Finding;
import dev.zerofail.core.Location;
import dev.zerofail.core.Report;
import dev.zerofail.core.Scorecard;
import dev.zerofail.core.Severity;
import dev.zerofail.scan.ScanResult;
import dev.zerofail.scan.ScanStats;
import dev.zerofail.secrets.SecretsCheckResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Each reporter's output for one fixed report is compared with a file under golden/. After an
 * intended change, regenerate with {@code mvn test -Dtest=GoldenReportsTest -Dgolden.update=true}
 * and review the diff.
 */
class GoldenReportsTest {
    static Report sample() {
        List<Finding> findings = List.of(
                new Finding("github-token", "secret", Severity.CRITICAL, new Location("scripts/deploy.sh", 11, 10),
                        "GH_TOKEN", "GH_TOKEN: GitHub personal access, OAuth, app or refresh token", "ghp_…(40 chars)",
                        "0123456789abcdef", "a1b2c3d4e5f60718293a4b5c6d7e8f9012345678", "revoke the token"),
                new Finding("placeholder-your-value", "placeholder", Severity.LOW, new Location(".env.example", 3, 16),
                        "OPENAI_API_KEY", "OPENAI_API_KEY: secret set to a \"your … here\" stand-in (template file)",
                        "your…(20 chars)", "fedcba9876543210", null, "set the real value in the secret store"));
        ScanResult scan = new ScanResult(2, 1, 1, Map.of(Severity.CRITICAL, 1L, Severity.LOW, 1L), null, 180,
                new ScanStats(12, 48_128, 1, 0, 1, 0, 0, 0, 42));
        SecretsCheckResult secrets = new SecretsCheckResult(null, 0, 12, Map.of(),
                new SecretsCheckResult.Classified(0, 2, Map.of(), Map.of("ordinary-variable", 2L)), 0, 0, 0);
        Scorecard card = new Scorecard(List.of(new Scorecard.Section("Secrets in the repository (scan)", List.of(
                new Scorecard.Check("scan.no-hardcoded-secrets", "No hard-coded credentials", false,
                        "1 hard-coded secret(s) in scripts/deploy.sh", "rotate and move to the store"),
                new Scorecard.Check("scan.no-placeholders", "No placeholder secrets in deployed files", true,
                        "0 placeholder(s)", "replace stand-ins")))));
        return new Report("audit", "/repo", new AuditResult(card, scan, null, secrets, null, null), findings,
                List.of("1 file(s) unreadable, skipped: x"));
    }

    @ParameterizedTest
    @EnumSource(Format.class)
    void matchesGolden(Format format) throws Exception {
        String actual = format.reporter(false).render(sample());
        Path golden = Path.of("src/test/resources/golden/audit." + format.name().toLowerCase(java.util.Locale.ROOT));
        if (Boolean.getBoolean("golden.update")) {
            Files.writeString(golden, actual);
        }
        assertThat(actual).isEqualTo(Files.readString(golden));
        if (format == Format.JSON) {
            // the golden document is a valid audit document of the published contract
            Contracts.assertValid(actual);
        }
    }
}
