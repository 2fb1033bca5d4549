package dev.zerofail.scan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zerofail.core.Finding;
import dev.zerofail.core.Severity;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class DetectorTest {
    private static final Detector DETECTOR = new Detector(RuleSet.builtin());
    private static final String GITHUB = "ghp_1ASdfW0flcukxihibtsDPXUa2rXoEiA0RkZf";

    @Test
    void reportsLineColumnKeyAndAMaskedValueOnly() {
        List<Finding> found = DETECTOR.detect("deploy.sh", "#!/bin/sh\nexport GH_TOKEN=" + GITHUB + "\n");
        assertThat(found).singleElement().satisfies(f -> {
            assertThat(f.rule()).isEqualTo("github-token");
            assertThat(f.location().line()).isEqualTo(2);
            assertThat(f.location().column()).isEqualTo(17);
            assertThat(f.key()).isEqualTo("GH_TOKEN");
            assertThat(f.masked()).isEqualTo("ghp_…(40 chars)");
            assertThat(f.toString()).doesNotContain(GITHUB.substring(4));
        });
    }

    @Test
    void theSameSecretOnOneLineIsOneFinding() {
        // a format rule, the entropy rule and the key/value analysis all see this value
        List<Finding> found = DETECTOR.detect(".env", "GITHUB_TOKEN=\"" + GITHUB + "\"\n");
        assertThat(found).hasSize(1);
    }

    @Test
    void fingerprintSurvivesEditsAboveTheFinding() {
        Finding before = DETECTOR.detect("a.env", "API_KEY=your_api_key_here\n").get(0);
        Finding after = DETECTOR.detect("a.env", "# added\n\nAPI_KEY=your_api_key_here\n").get(0);
        assertThat(after.location().line()).isEqualTo(3);
        assertThat(after.fingerprint()).isEqualTo(before.fingerprint());
        Finding otherFile = DETECTOR.detect("b.env", "API_KEY=your_api_key_here\n").get(0);
        assertThat(otherFile.fingerprint()).isNotEqualTo(before.fingerprint());
    }

    @Test
    void inlineMarkersSuppress() {
        assertThat(DETECTOR.detect(".env", "API_KEY=changeme # zerofail:allow\n")).isEmpty();
        assertThat(DETECTOR.detect(".env", "API_KEY=changeme # gitleaks:allow\n")).isEmpty();
        assertThat(DETECTOR.detect("a.py", "API_KEY = \"changeme\"  # pragma: allowlist secret\n")).isEmpty();
        assertThat(DETECTOR.detect("a.js", "// secretlint-disable-next-line\nconst apiKey = \"changeme\";\n")).isEmpty();
        assertThat(DETECTOR.detect(".env", "API_KEY=changeme\n")).hasSize(1);
    }

    @Test
    void referencesToAStoreAreNotFindings() {
        String text = String.join("\n",
                "API_KEY: ${{ secrets.API_KEY }}",
                "TOKEN=${TOKEN}",
                "password_file: /run/secrets/db_password",
                "token: \"fn::secret\"",
                "SECRET_KEY = os.getenv(\"SECRET_KEY\")",
                "const apiKey = process.env.API_KEY;",
                "db_password: !Ref DbPassword", "");
        assertThat(DETECTOR.detect("mixed.yaml", text)).isEmpty();
    }

    @Test
    void proseAndUiPlaceholdersAreNotFindings() {
        String text = String.join("\n",
                "Replace the placeholder token with your own before deploying.",
                "<input type=\"password\" placeholder=\"Enter your password\" />",
                "placeholder_report = build_placeholder_report(rows)",
                "token_expiry_seconds: 3600", "");
        assertThat(DETECTOR.detect("page.tsx", text)).isEmpty();
    }

    @Test
    void templatesKeepPlaceholdersLowButSecretsCritical() {
        List<Finding> found = DETECTOR.detect(".env.example", "API_KEY=your_api_key_here\nGH=" + GITHUB + "\n");
        assertThat(found).extracting(Finding::severity).containsExactly(Severity.LOW, Severity.CRITICAL);
    }

    @Test
    void defaultsInFallbacksAreChecked() {
        assertThat(DETECTOR.detect("run.sh", "TOKEN=\"${TOKEN:-changeme}\"\n")).extracting(Finding::rule)
                .containsExactly("placeholder-marker");
        assertThat(DETECTOR.detect("run.sh", "TOKEN=$(cat /run/secrets/t 2>/dev/null || echo changeme)\n"))
                .extracting(Finding::rule).containsExactly("placeholder-marker");
        assertThat(DETECTOR.detect("cfg.ts", "const key = process.env.API_KEY || \"your-api-key-here\";\n"))
                .extracting(Finding::key).containsExactly("API_KEY");
        assertThat(DETECTOR.detect("cfg.py", "key = os.getenv(\"API_KEY\", \"test-key\")\n"))
                .extracting(Finding::key).containsExactly("API_KEY");
    }

    @Test
    void nonUtf8LinesAreReadAndFlagged() {
        byte[] text = "# caf\u00e9\nAPI_KEY=changeme \u00e9\n".getBytes(StandardCharsets.ISO_8859_1);
        Detector.FileResult r = DETECTOR.detect("latin1.env", text, text.length);
        assertThat(r.nonUtf8()).isTrue();
        assertThat(r.findings()).extracting(Finding::rule).containsExactly("placeholder-marker");
    }

    @Test
    void hugeSingleLineFilesStayLinearAndReportTheRealColumn() {
        StringBuilder sb = new StringBuilder("var a=\"");
        sb.append("x".repeat(3_000_000)).append("\";var t={token:\"").append(GITHUB).append("\"};\n");
        List<Finding> found = DETECTOR.detect("bundle.js", sb.toString());
        assertThat(found).singleElement().satisfies(f -> {
            assertThat(f.rule()).isEqualTo("github-token");
            assertThat(f.location().line()).isEqualTo(1);
            assertThat(f.location().column()).isEqualTo(sb.indexOf(GITHUB) + 1);
        });
    }

    @Test
    void emptySecretOnlyInRealEnvFiles() {
        assertThat(DETECTOR.detect(".env", "JWT_SECRET=\nFEATURE_FLAGS=\n")).extracting(Finding::rule)
                .containsExactly("placeholder-empty");
        assertThat(DETECTOR.detect(".env.example", "JWT_SECRET=\n")).isEmpty();
    }

    @Test
    void privateKeyNeedsABody() {
        String pem = "-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEAu1SU1LfVLPHCozMxH2Mo4lgOEePzNm0tRgeLezV6ffAt0gun\n";
        assertThat(DETECTOR.detect("id_rsa", pem)).extracting(Finding::rule).containsExactly("private-key");
        assertThat(DETECTOR.detect("notes.txt", "-----BEGIN RSA PRIVATE KEY-----\n...\n")).isEmpty();
    }
}
