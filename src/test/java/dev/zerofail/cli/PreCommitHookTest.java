package dev.zerofail.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zerofail.TestEnv;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/** .pre-commit-hooks.yaml: the hook's command line is a valid zerofail scan that fails on a staged secret. */
class PreCommitHookTest {
    private static final Path MANIFEST = Path.of(".pre-commit-hooks.yaml");

    @TempDir
    Path repo;

    @SuppressWarnings("unchecked")
    private static Map<String, Object> hook() throws Exception {
        List<Map<String, Object>> hooks = (List<Map<String, Object>>) new Load(LoadSettings.builder().build())
                .loadFromString(Files.readString(MANIFEST));
        assertThat(hooks).extracting(h -> h.get("id")).containsExactly("zerofail-scan");
        return hooks.get(0);
    }

    /** The hook's entry and args, as pre-commit runs them from the repository root (no file names appended). */
    @SuppressWarnings("unchecked")
    private Cli runHook() throws Exception {
        Map<String, Object> hook = hook();
        assertThat(hook.get("language")).isEqualTo("system");
        assertThat(hook.get("pass_filenames")).isEqualTo(false);
        List<String> words = new ArrayList<>(List.of(((String) hook.get("entry")).split(" ")));
        assertThat(words.remove(0)).isEqualTo("zerofail");
        words.addAll((List<String>) hook.get("args"));
        words.add(repo.toString());
        return Cli.run(words.toArray(String[]::new));
    }

    @Test
    void theHookFailsOnAStagedPlaceholderSecretAndIgnoresWhatIsNotStaged() throws Exception {
        assertThat(hook().get("entry")).isEqualTo("zerofail scan --staged");
        Cli outside = runHook();
        assertThat(outside.exit()).as("not a git repository").isEqualTo(2);
        assertThat(outside.err()).contains(repo.toString()).contains("not inside a git repository");

        try (Git git = Git.init().setDirectory(repo.toFile()).setInitialBranch("main").call()) {
            Files.writeString(repo.resolve("app.py"), "print('hello')\n");
            git.add().addFilepattern("app.py").call();
            Cli clean = runHook();
            assertThat(clean.exit()).as(clean.err()).isZero();
            assertThat(clean.err()).as("--quiet").isEmpty();

            Files.writeString(repo.resolve(".env"), "STRIPE_SECRET_KEY=REPLACE_ME\n"); // not staged
            assertThat(runHook().exit()).as("an unstaged file is not the commit's").isZero();

            Files.writeString(repo.resolve("settings.py"), "# settings\nSTRIPE_SECRET_KEY = \"REPLACE_ME\"\n");
            git.add().addFilepattern("settings.py").call();
            Files.writeString(repo.resolve("settings.py"), "# settings\n");  // fixed on disk, not staged
            Cli dirty = runHook();
            assertThat(dirty.exit()).isEqualTo(1);
            assertThat(dirty.out()).contains("settings.py:2").doesNotContain(".env").doesNotContain("\u001b[");
        }
    }

    @Test
    void preCommitAcceptsTheManifest() throws Exception {
        boolean installed = List.of(System.getenv().getOrDefault("PATH", "").split(":")).stream()
                .anyMatch(d -> !d.isEmpty() && Files.isExecutable(Path.of(d, "pre-commit")));
        TestEnv.require(installed, "pre-commit is not installed", "apt-get install pre-commit");
        Process p = new ProcessBuilder("pre-commit", "validate-manifest", MANIFEST.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
    }
}
