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

    @Test
    void aStandInInACodeCommentIsLowButInCodeItCounts() {
        assertThat(DETECTOR.detect("app/config.py", "# SECRET_KEY = os.getenv(\"SECRET_KEY\", \"changeme\")\n"))
                .singleElement().extracting(Finding::severity).isEqualTo(Severity.LOW);
        assertThat(DETECTOR.detect("app/config.py", "SECRET_KEY = os.getenv(\"SECRET_KEY\", \"changeme\")\n"))
                .singleElement().extracting(Finding::severity).isEqualTo(Severity.HIGH);
        // '#' is no comment in JavaScript (a private field)
        assertThat(DETECTOR.detect("src/a.js", "  #secret = \"changeme\";\n"))
                .singleElement().extracting(Finding::severity).isEqualTo(Severity.HIGH);
    }

    @Test
    void weakDefaultIsMediumWhereItShipsAndLowInCiAndTests() {
        String compose = "services:\n  db:\n    environment:\n      POSTGRES_PASSWORD: postgres\n";
        assertThat(DETECTOR.detect("docker-compose.yml", compose)).singleElement().satisfies(f -> {
            assertThat(f.rule()).isEqualTo("weak-default-credential");
            assertThat(f.severity()).isEqualTo(Severity.MEDIUM);
        });
        assertThat(DETECTOR.detect(".github/workflows/test.yml", compose)).singleElement()
                .extracting(Finding::severity).isEqualTo(Severity.LOW);
        assertThat(DETECTOR.detect("tests/docker-compose.yml", compose)).singleElement()
                .extracting(Finding::severity).isEqualTo(Severity.LOW);
    }

    @Test
    void getterDefaultsAreFoundInsideAMinifiedLine() {
        // the getter and fallback patterns run on windows around key words; far into a long line they still do
        String filler = "a=b(c,d);".repeat(400);
        String line = filler + "var s=process.env.SESSION_SECRET||\"changeme\";" + filler + "t=cfg.get(\"api_token\",\"dummy\");\n";
        assertThat(DETECTOR.detect("dist/app.js", line)).extracting(Finding::key)
                .containsExactly("SESSION_SECRET", "api_token");
    }

    @Test
    void translationsAndTestDatasetsOfHashesStaySilent() {
        assertThat(DETECTOR.detect("locales/es.json", "{\"password\": \"Contraseña\", \"token\": \"Ficha\"}\n")).isEmpty();
        assertThat(DETECTOR.detect("src/i18n/de.ts", "  password: 'Passwort',\n  apiKey: 'API-Schlüssel',\n")).isEmpty();
        String users = "- email: a@example.org\n  password: 5f4dcc3b5aa765d61d83271dbd1ae9a8e6c3b0f2a1d4c7e9b8f3a2d1c4e5f6a7\n"
                + "  salt: Qm9vbGVhbkZhY3RvcnkxMjM0NTY3\n  password_hash: pbkdf2_sha256$600000$Zq8vR2mT$abc\n";
        assertThat(DETECTOR.detect("tests/fixtures/users.yml", users)).isEmpty();
    }

    @Test
    void aCommittedKeyFileIsASecretAndADocumentedOneIsNot() {
        String key = "zeOdpf0hiP8i5VapJCmFLz9f4X5udJdIZ6ikfE0zyANGVvwH81iRj7MeEqjtUS6Q2RRQsBqPQJyHRLZi+VVY0s7Z\n";
        assertThat(DETECTOR.detect("deploy/mongo/replica.keyfile", key)).singleElement().satisfies(f -> {
            assertThat(f.rule()).isEqualTo("key-file");
            assertThat(f.severity()).isEqualTo(Severity.CRITICAL);
            assertThat(f.toString()).doesNotContain(key.substring(4, 40));
        });
        assertThat(DETECTOR.detect("docs/keyfile.md", key)).isEmpty();
    }
}
