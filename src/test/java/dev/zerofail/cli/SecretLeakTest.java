package dev.zerofail.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Plants known secret values, runs every command path and format (including errors), and greps
 * everything zerofail wrote for them.
 */
class SecretLeakTest {
    static final List<String> PLANTED = List.of(
            "ghp_Zq8vR2mT4xL9pB7cW3nK6yH1sD5fG0jA2eQ4",
            "sk_live_p9Q2w8E7r6T5y4U3i2O1pAsDf",
            "bWu0DIhXfN2tqJSPHAp3CPSPnGtMJ3Br",
            "Xw9-tT3kP0qa77LmNzz");

    @TempDir
    Path dir;

    @Test
    void noPlantedValueAppearsInAnyOutput() throws Exception {
        Path repo = dir.resolve("repo");
        Files.createDirectories(repo);
        try (Git git = Git.init().setDirectory(repo.toFile()).setInitialBranch("main").call()) {
            Files.writeString(repo.resolve(".env"), "GH_TOKEN=" + PLANTED.get(0) + "\nSTRIPE_SECRET_KEY="
                    + PLANTED.get(1) + "\nSESSION_SECRET=" + PLANTED.get(2) + "\n");
            Files.writeString(repo.resolve("db.yaml"), "url: postgres://app:" + PLANTED.get(3) + "@db:5432/app\n");
            git.add().addFilepattern(".").call();
            git.commit().setMessage("leak").setAuthor("t", "t@example.invalid").setSign(false).call();
        }
        Path badBaseline = dir.resolve("bad.json");
        Files.writeString(badBaseline, PLANTED.get(0) + " {");

        List<String> outputs = new ArrayList<>();
        List<Cli> runs = new ArrayList<>();
        for (String format : List.of("text", "json", "sarif", "markdown")) {
            runs.add(Cli.run("scan", repo.toString(), "-f", format));
            runs.add(Cli.run("scan", repo.toString(), "--history", "-f", format));
            runs.add(Cli.run("audit", repo.toString(), "-f", format));
            Path out = dir.resolve("report." + format);
            runs.add(Cli.run("scan", repo.toString(), "-f", format, "-o", out.toString()));
            outputs.add(Files.readString(out));
        }
        runs.add(Cli.run("scan", repo.toString(), "--baseline", badBaseline.toString()));
        runs.add(Cli.run("scan", repo.toString(), "--baseline", badBaseline.toString(), "-f", "json"));
        for (Cli r : runs) {
            outputs.add(r.out());
            outputs.add(r.err());
        }
        assertThat(runs.get(0).exit()).isEqualTo(1);
        assertThat(runs.get(0).out()).contains("github-token", "stripe-key", "generic-secret", "url-credentials");
        assertThat(runs.get(runs.size() - 1).exit()).isEqualTo(2);
        for (String out : outputs) {
            for (String secret : PLANTED) {
                assertThat(out).doesNotContain(secret).doesNotContain(secret.substring(5, 15));
            }
        }
    }

    /** Every secrets command, every format, errors included: planted values in .env and an ESC definition never come out. */
    @Test
    void secretsCommandsNeverPrintAPlantedValue() throws Exception {
        Path repo = dir.resolve("secrets-repo");
        Files.createDirectories(repo.resolve(".github/workflows"));
        Files.writeString(repo.resolve(".env"), "GH_TOKEN=" + PLANTED.get(0) + "\nSTRIPE_SECRET_KEY=" + PLANTED.get(1)
                + "\nSESSION_SECRET=" + PLANTED.get(2) + "\nDB_PASSWORD=" + PLANTED.get(3) + "\n");
        Files.writeString(repo.resolve("esc.yaml"), "values:\n  app:\n    session:\n      fn::secret: " + PLANTED.get(2)
                + "\n    stripe:\n      fn::secret:\n        ciphertext: " + PLANTED.get(1) + "\n");
        Files.writeString(repo.resolve(".github/workflows/ci.yml"),
                "on: push\njobs:\n  t:\n    runs-on: x\n    steps:\n      - run: echo\n        env:\n"
                        + "          T: ${{ secrets.GH_TOKEN }}\n");
        Files.writeString(repo.resolve("zerofail.yaml"), "secrets:\n  manifest:\n    - {name: GH_TOKEN, format: github-pat}\n"
                + "    - {name: STRIPE_SECRET_KEY, format: stripe, services: [api]}\n");

        List<String> outputs = new ArrayList<>();
        List<Cli> runs = new ArrayList<>();
        Path written = dir.resolve("written");
        Files.createDirectories(written);
        for (String format : List.of("text", "json", "sarif", "markdown")) {
            runs.add(Cli.run("secrets", "check", repo.toString(), "-f", format));
            runs.add(Cli.run("audit", repo.toString(), "-f", format, "-q"));
            Path out = written.resolve("check." + format);
            runs.add(Cli.run("secrets", "check", repo.toString(), "-f", format, "-o", out.toString()));
        }
        runs.add(Cli.run("secrets", "checklist", repo.toString(), "-o", written.resolve("checklist.md").toString()));
        runs.add(Cli.run("secrets", "checklist", repo.toString()));
        runs.add(Cli.run("secrets", "script", repo.toString(), "--target", "github"));
        runs.add(Cli.run("secrets", "script", repo.toString(), "--target", "esc", "--org", "o", "--env", "prod",
                "-o", written.resolve("esc.sh").toString()));
        runs.add(Cli.run("secrets", "import", "--from-dotenv", repo.resolve(".env").toString(), "--from-esc",
                repo.resolve("esc.yaml").toString(), "--from-workflows", repo.toString()));
        runs.add(Cli.run("secrets", "import", "--from-dotenv", repo.resolve(".env").toString(), "--from-esc",
                repo.resolve("esc.yaml").toString(), "-o", written.resolve("manifest.yaml").toString()));
        // errors: a dotenv line that is not KEY=value, a manifest entry with a bad key, an ESC file without values
        Files.writeString(repo.resolve("bad.env"), PLANTED.get(0) + "\n");
        runs.add(Cli.run("secrets", "import", "--from-dotenv", repo.resolve("bad.env").toString()));
        Files.writeString(repo.resolve("bad-esc.yaml"), "imports: [" + PLANTED.get(3) + "]\n");
        runs.add(Cli.run("secrets", "import", "--from-esc", repo.resolve("bad-esc.yaml").toString()));
        Files.writeString(repo.resolve("zerofail.yaml"), "secrets:\n  manifest:\n    - name: GH_TOKEN\n      value: "
                + PLANTED.get(0) + "\n");
        for (String format : List.of("text", "json")) {
            runs.add(Cli.run("secrets", "check", repo.toString(), "-f", format));
        }
        for (Cli r : runs) {
            outputs.add(r.out());
            outputs.add(r.err());
        }
        try (var files = Files.list(written)) {
            for (Path f : files.toList()) {
                outputs.add(Files.readString(f));
            }
        }
        assertThat(runs.get(0).out()).contains("secrets-unknown", "SESSION_SECRET").doesNotContain("GH_TOKEN: workflow");
        assertThat(runs.get(runs.size() - 1).exit()).isEqualTo(2);
        assertThat(Files.readString(written.resolve("manifest.yaml"))).contains("name: GH_TOKEN", "format: github-token");
        for (String out : outputs) {
            for (String secret : PLANTED) {
                assertThat(out).doesNotContain(secret).doesNotContain(secret.substring(5, 15));
            }
        }
    }
    /** Secret-looking env values in recorded specs never come out of the history, in any format, summary or --id. */
    @Test
    void historyNeverPrintsAPlantedSpecValue() throws Exception {
        Path repo = dir.resolve("history-repo");
        Files.createDirectories(repo);
        String spec = "{\"TaskTemplate\":{\"ContainerSpec\":{\"Env\":[\"GH_TOKEN=" + PLANTED.get(0)
                + "\",\"STRIPE_SECRET_KEY=" + PLANTED.get(1) + "\"]}},\"environment\":{\"SESSION_SECRET\":\""
                + PLANTED.get(2) + "\",\"DB_PASSWORD\":\"" + PLANTED.get(3) + "\"}}";
        long id;
        try (dev.zerofail.history.HistoryStore s = dev.zerofail.history.HistoryStore.open(
                "jdbc:sqlite:" + repo.resolve(".zerofail/history.db"), null, null)) {
            id = s.start(new dev.zerofail.history.Deployment(0, "prod", "api", dev.zerofail.history.DeployKind.DEPLOY,
                    null, "ci", "leak test", "a:1", "a:2", "f1", "f2", spec, spec, 1L, null, java.time.Instant.now(), null,
                    null, null, false));
        }
        List<String> outputs = new ArrayList<>();
        for (String format : List.of("text", "json", "sarif", "markdown")) {
            for (Cli r : List.of(Cli.run("history", repo.toString(), "-f", format),
                    Cli.run("history", repo.toString(), "--id", String.valueOf(id), "-f", format))) {
                assertThat(r.exit()).as(r.err()).isZero();
                outputs.add(r.out());
                outputs.add(r.err());
            }
        }
        assertThat(String.join("\n", outputs)).contains("GH_TOKEN=ghp_…(");
        for (String out : outputs) {
            for (String secret : PLANTED) {
                assertThat(out).doesNotContain(secret).doesNotContain(secret.substring(5, 15));
            }
        }
    }
}
