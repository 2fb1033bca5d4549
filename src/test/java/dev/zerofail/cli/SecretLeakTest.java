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
}
