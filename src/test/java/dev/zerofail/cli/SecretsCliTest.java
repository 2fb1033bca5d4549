package dev.zerofail.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.zerofail.TestFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretsCliTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final Path FIXTURE = Path.of("src/test/resources/fixtures/secrets/repo");

    @TempDir
    Path dir;
    Path repo;

    @BeforeEach
    void copyFixture() throws IOException {
        repo = dir.resolve("shop");
        TestFiles.copyTree(FIXTURE, repo);
    }

    @Test
    void checkReportsUnknownUnreferencedAndManifestProblems() throws Exception {
        Cli r = Cli.run("secrets", "check", repo.toString(), "-q", "-f", "json");
        assertThat(r.exit()).isEqualTo(1);
        JsonNode report = JSON.readTree(r.out());
        TreeSet<String> got = new TreeSet<>();
        for (JsonNode f : report.get("findings")) {
            got.add(f.get("rule").asText() + " " + f.get("path").asText() + ":" + f.get("line").asInt() + " "
                    + f.get("key").asText());
            assertThat(f.get("fix").asText()).isNotBlank();
        }
        assertThat(got).containsExactlyInAnyOrder(
                "secrets-unknown web/config.ts:3 ANALYTICS_TOKEN",
                "secrets-unknown .github/workflows/deploy.yml:12 SLACK_WEBHOOK",
                "secrets-unknown docker-compose.yml:6 DB_PASSWORD",
                "secrets-unknown svc/Main.java:2 SMTP_PASSWORD",
                "secrets-unknown svc/app.rb:1 GITHUB_APP_PRIVATE_KEY",
                "secrets-unknown .env.example:5 SENTRY_DSN",
                "secrets-unreferenced zerofail.yaml:28 LEGACY_API_TOKEN",
                "secrets-unreferenced zerofail.yaml:33 WEBHOOK_SECRET",
                "secrets-unknown-service zerofail.yaml:33 WEBHOOK_SECRET",
                "secrets-required-unused zerofail.yaml:38 STRIPE_KEY");
        // PORT, NODE_ENV, LOG_LEVEL, HOME are not secrets; GITHUB_TOKEN is GitHub's; a comment is no reference
        assertThat(r.out()).doesNotContain("\"PORT\"", "NODE_ENV", "LOG_LEVEL", "\"HOME\"", "GITHUB_TOKEN",
                "NOT_A_REFERENCE");
        assertThat(report.get("result").get("unknown").asInt()).isEqualTo(6);
        assertThat(report.get("result").get("secrets").asInt()).isEqualTo(7);

        assertThat(Cli.run("secrets", "check", repo.toString(), "-q", "--fail-on", "critical").exit()).isZero();
        for (String format : List.of("text", "sarif", "markdown")) {
            Cli f = Cli.run("secrets", "check", repo.toString(), "-q", "-f", format);
            assertThat(f.exit()).as(format).isEqualTo(1);
            assertThat(f.out()).as(format).contains("secrets-unknown").contains("SLACK_WEBHOOK");
        }
    }

    @Test
    void checkWithoutManifestSuggestsImport() throws Exception {
        Files.delete(repo.resolve("zerofail.yaml"));
        Cli r = Cli.run("secrets", "check", repo.toString(), "-f", "json");
        assertThat(r.exit()).isEqualTo(1);
        JsonNode f = JSON.readTree(r.out()).get("findings");
        assertThat(f).hasSize(1);
        assertThat(f.get(0).get("rule").asText()).isEqualTo("secrets-no-manifest");
        assertThat(f.get(0).get("fix").asText()).contains("zerofail secrets import");
        assertThat(r.err()).contains("zerofail secrets import");
    }

    @Test
    void malformedManifestIsExitTwoNamingFileLineAndKeyAndWritesNothing() throws Exception {
        Files.writeString(repo.resolve("zerofail.yaml"), """
                secrets:
                  manifest:
                    - name: A_KEY
                    - name: A_KEY
                """);
        Path out = dir.resolve("out/report.json");
        for (String[] cmd : List.of(new String[] {"secrets", "check", repo.toString(), "-f", "json", "-o", out.toString()},
                new String[] {"secrets", "checklist", repo.toString(), "-o", out.toString()},
                new String[] {"secrets", "script", repo.toString(), "--target", "github", "-o", out.toString()},
                new String[] {"audit", repo.toString(), "-o", out.toString()})) {
            Cli r = Cli.run(cmd);
            assertThat(r.exit()).as(String.join(" ", cmd)).isEqualTo(2);
            assertThat(r.err()).contains("zerofail.yaml:4 secrets.manifest[1].name").contains("duplicate secret name");
            assertThat(out).doesNotExist();
        }
        Cli json = Cli.run("secrets", "check", repo.toString(), "-f", "json");
        assertThat(JSON.readTree(json.out()).get("error").get("where").asText()).endsWith("zerofail.yaml:4 secrets.manifest[1].name");
    }

    @Test
    void checklistMatchesTheGoldenFile() throws Exception {
        Files.writeString(repo.resolve("zerofail.yaml"), Files.readString(repo.resolve("zerofail.yaml"))
                + "  stores:\n    esc: {org: shop, project: platform, environment: prod}\n"
                + "    github: {owner: shop, repo: platform, scope: repo}\n");
        Cli r = Cli.run("secrets", "checklist", repo.toString(), "--env", "prod");
        assertThat(r.exit()).isZero();
        Path golden = Path.of("src/test/resources/golden/secrets-checklist.md");
        if (Boolean.getBoolean("golden.update")) {
            Files.writeString(golden, r.out());
        }
        assertThat(r.out()).isEqualTo(Files.readString(golden));
        Path out = dir.resolve("checklist.md");
        assertThat(Cli.run("secrets", "checklist", repo.toString(), "--env", "prod", "-o", out.toString()).out()).isEmpty();
        assertThat(Files.readString(out)).isEqualTo(r.out());
    }

    // ------------------------------------------------------------------ set-up script, run against fake tools

    static final String OPENAI = "sk-proj-Q7vR2mXk9LpT4wZs8NbC1dFy6HjUe3Ga5KoWq0PiQ7vR2mXk9LpT4wZs8NbC1dFy6HjUe3Ga5KoWq0PiXy7Zk2Lm9P";
    static final String DEPLOY = "dt_Kq83HdnW0sPzLx71MvTa";
    static final String JWT_HEX = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

    /** A fake tool that records its arguments (one per line) and its standard input, per call. */
    private Path fakeTools() throws IOException {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        for (String tool : List.of("gh", "esc")) {
            Path t = bin.resolve(tool);
            Files.writeString(t, """
                    #!/usr/bin/env bash
                    n=$(ls "$FAKE_LOG" | wc -l)
                    f="$FAKE_LOG/$(printf '%03d' "$n")-TOOL"
                    printf '%s\\n' "$@" > "$f.args"
                    cat > "$f.stdin"
                    """.replace("TOOL", tool));
            t.toFile().setExecutable(true);
        }
        return bin;
    }

    private record Run(int exit, String err, List<String> args, List<String> stdin) {
    }

    private Run runScript(Path script, String stdin, Map<String, String> env, String... args) throws Exception {
        Path log = Files.createDirectories(dir.resolve("log-" + System.nanoTime()));
        List<String> cmd = new ArrayList<>(List.of("bash", script.toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(false);
        pb.environment().put("PATH", fakeTools() + ":" + System.getenv("PATH"));
        pb.environment().put("FAKE_LOG", log.toString());
        pb.environment().putAll(env);
        Process p = pb.start();
        p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        List<String> argsSeen = new ArrayList<>();
        List<String> stdinSeen = new ArrayList<>();
        try (var files = Files.list(log)) {
            for (Path f : files.sorted().toList()) {
                if (f.toString().endsWith(".args")) {
                    argsSeen.add(Files.readString(f).strip().replace('\n', ' '));
                } else {
                    stdinSeen.add(Files.readString(f));
                }
            }
        }
        return new Run(p.exitValue(), err, argsSeen, stdinSeen);
    }

    @Test
    void githubScriptSendsValuesOnlyThroughStdin() throws Exception {
        Path script = dir.resolve("setup-github.sh");
        Cli gen = Cli.run("secrets", "script", repo.toString(), "--target", "github", "--repo", "shop/platform",
                "--env", "prod", "-o", script.toString());
        assertThat(gen.exit()).isZero();
        String text = Files.readString(script);
        assertThat(text).startsWith("#!/usr/bin/env bash").contains("set -euo pipefail").contains("read -rs");
        assertThat(Files.isExecutable(script)).isTrue();

        Path jwt = dir.resolve("jwt.txt");
        Files.writeString(jwt, JWT_HEX + "\n");
        // stdin answers the prompts in manifest order: OPENAI, DATABASE_URL (bad), [JWT from file], DEPLOY,
        // LEGACY (empty: skipped), WEBHOOK (empty), STRIPE (empty)
        String answers = OPENAI + "\nnot a url\n" + DEPLOY + "\n\n\n\n";
        Run run = runScript(script, answers, Map.of("JWT_SECRET_FILE", jwt.toString()));
        assertThat(run.args()).containsExactly(
                "secret set OPENAI_API_KEY --repo shop/platform --env prod",
                "secret set JWT_SECRET --repo shop/platform --env prod",
                "secret set DEPLOY_TOKEN --repo shop/platform --env prod");
        assertThat(run.stdin()).containsExactly(OPENAI, JWT_HEX, DEPLOY);
        for (String a : run.args()) {
            assertThat(a).doesNotContain(OPENAI).doesNotContain(DEPLOY).doesNotContain(JWT_HEX);
        }
        assertThat(run.err()).contains("NOT SET DATABASE_URL").contains("skipped LEGACY_API_TOKEN (empty)")
                .contains("required but skipped: WEBHOOK_SECRET STRIPE_KEY")
                .doesNotContain(OPENAI).doesNotContain(DEPLOY).doesNotContain("not a url");
        assertThat(run.exit()).isEqualTo(1);

        // re-running with everything given as files sets the same secrets again: idempotent, and exit 0
        Path db = dir.resolve("db.txt");
        Files.writeString(db, "postgres://shop:Zq8Xw3Rt6Y@db:5432/shop");
        Path openai = dir.resolve("openai.txt");
        Files.writeString(openai, OPENAI);
        Run again = runScript(script, "\n\n\n\n", Map.of("JWT_SECRET_FILE", jwt.toString()),
                "OPENAI_API_KEY=" + openai, "DATABASE_URL=" + db, "DEPLOY_TOKEN=" + openai);
        // DEPLOY_TOKEN given a value of the wrong shape: not set
        assertThat(again.args()).containsExactly(
                "secret set OPENAI_API_KEY --repo shop/platform --env prod",
                "secret set DATABASE_URL --repo shop/platform --env prod",
                "secret set JWT_SECRET --repo shop/platform --env prod");
        assertThat(again.err()).contains("NOT SET DEPLOY_TOKEN: the value does not match the manifest's regex");
        assertThat(again.stdin().get(1)).isEqualTo("postgres://shop:Zq8Xw3Rt6Y@db:5432/shop");
    }

    @Test
    void githubOrgSecretsAndVariablesForNonSensitiveEntries() throws Exception {
        Files.writeString(repo.resolve("zerofail.yaml"), "secrets:\n  manifest:\n    - {name: REGION, sensitive: false}\n"
                + "    - {name: API_TOKEN}\n");
        Path script = dir.resolve("s.sh");
        assertThat(Cli.run("secrets", "script", repo.toString(), "--target", "github", "--org", "shop", "-o",
                script.toString()).exit()).isZero();
        Run run = runScript(script, "eu-west-1\nQ7vR2mXk9LpT4wZs8NbC\n", Map.of());
        assertThat(run.args()).containsExactly("variable set REGION --org shop", "secret set API_TOKEN --org shop");
        assertThat(run.stdin()).containsExactly("eu-west-1", "Q7vR2mXk9LpT4wZs8NbC");
        assertThat(run.exit()).isZero();
    }

    @Test
    void escScriptSetsPathsAsSecretsWithTheValueAsOneYamlBlock() throws Exception {
        Path script = dir.resolve("setup-esc.sh");
        assertThat(Cli.run("secrets", "script", repo.toString(), "--target", "esc", "--org", "shop", "--project",
                "platform", "--env", "prod", "-o", script.toString()).exit()).isZero();
        String text = Files.readString(script);
        assertThat(text).contains("ZF_ESC_ENV='shop/platform/prod'").contains("esc env set")
                .contains("visible to other users");
        Run run = runScript(script, OPENAI + "\n\n\n" + DEPLOY + "\n\n\n\n", Map.of());
        // esc env set has no stdin option: the value is its last argument, as a YAML literal block
        assertThat(run.args()).containsExactly(
                "env set shop/platform/prod shop.ai.openaiApiKey |2-   " + OPENAI + " --secret",
                "env set shop/platform/prod ci.deployToken |2-   " + DEPLOY + " --secret");
        assertThat(run.err()).doesNotContain(OPENAI).doesNotContain(DEPLOY);
        assertThat(run.exit()).isEqualTo(1);
    }

    @Test
    void scriptNeedsAnEscEnvironmentAndAKnownTarget() {
        assertThat(Cli.run("secrets", "script", repo.toString(), "--target", "esc").err()).contains("--org");
        assertThat(Cli.run("secrets", "script", repo.toString(), "--target", "vault").exit()).isEqualTo(2);
        assertThat(Cli.run("secrets", "script", repo.toString(), "--target", "github", "--repo", "bad").exit()).isEqualTo(2);
    }

    // ------------------------------------------------------------------ import

    @Test
    void importMergesDotenvEscAndWorkflowsWithoutCopyingValues() throws Exception {
        Path env = dir.resolve("prod.env");
        Files.writeString(env, "OPENAI_API_KEY=" + OPENAI + "\nPORT=8080\nJWT_SECRET=" + JWT_HEX + "\nDB_PASSWORD=\n");
        Path esc = dir.resolve("esc.yaml");
        Files.writeString(esc, """
                values:
                  app:
                    region: eu-west-1
                    openai:
                      fn::secret:
                        ciphertext: ZXNjeAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA
                    jwtSecret:
                      fn::secret: plain-secret-in-definition
                  environmentVariables:
                    OPENAI_API_KEY: ${app.openai}
                """);
        Path out = dir.resolve("manifest/zerofail.secrets.yaml");
        Cli r = Cli.run("secrets", "import", "--from-dotenv", env.toString(), "--from-esc", esc.toString(),
                "--from-workflows", repo.toString(), "-o", out.toString());
        assertThat(r.exit()).isZero();
        assertThat(r.out()).isEmpty();
        String yaml = Files.readString(out);
        assertThat(yaml).doesNotContain(OPENAI).doesNotContain(JWT_HEX).doesNotContain("plain-secret-in-definition")
                .doesNotContain("ZXNjeA").doesNotContain("PORT");
        assertThat(yaml).contains("""
                    - name: OPENAI_API_KEY
                      path: app.openai
                      category: ai
                """).contains("      format: openai\n");
        assertThat(yaml).contains("- name: JWT_SECRET\n      path: app.jwtSecret\n");
        assertThat(yaml).contains("- name: DB_PASSWORD\n").contains("- name: DEPLOY_TOKEN\n").contains("- name: SLACK_WEBHOOK\n")
                .doesNotContain("GITHUB_TOKEN");
        assertThat(r.err()).contains("secret(s) imported");

        // the result is a valid manifest: point zerofail.yaml at it and check
        Files.writeString(repo.resolve("zerofail.yaml"), "secrets:\n  manifest: " + out + "\n");
        assertThat(Cli.run("secrets", "check", repo.toString(), "-q").exit()).isIn(0, 1);
        assertThat(Cli.run("secrets", "check", repo.toString(), "-q").err()).isEmpty();

        // never overwrites without --force; a bad source is exit 2 and writes nothing
        assertThat(Cli.run("secrets", "import", "--from-dotenv", env.toString(), "-o", out.toString()).exit()).isEqualTo(2);
        Path other = dir.resolve("other.yaml");
        Files.writeString(dir.resolve("bad.env"), "THIS IS NOT=A DOTENV\n");
        Cli bad = Cli.run("secrets", "import", "--from-dotenv", dir.resolve("bad.env").toString(), "-o", other.toString());
        assertThat(bad.exit()).isEqualTo(2);
        assertThat(bad.err()).contains("bad.env:1");
        assertThat(other).doesNotExist();
        assertThat(Cli.run("secrets", "import", "--from-dotenv", dir.resolve("missing.env").toString()).exit()).isEqualTo(2);
        assertThat(Cli.run("secrets", "import").exit()).isEqualTo(2);
    }
}
