package dev.zerofail.cli;

import static dev.zerofail.cli.SecretsFixture.DB_PASSWORD;
import static dev.zerofail.cli.SecretsFixture.DB_URL;
import static dev.zerofail.cli.SecretsFixture.OPENAI;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** secrets run with real child processes. */
class SecretsRunCliTest {
    @TempDir
    Path dir;

    String cfg;
    Map<String, String> env;

    @BeforeEach
    void repo() throws Exception {
        cfg = SecretsFixture.repo(dir, "http://127.0.0.1:9").resolve("zerofail.yaml").toString();
        env = new HashMap<>(Map.of("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"),
                "SECRET_OPENAI_API_KEY", OPENAI, "SECRET_DATABASE_URL", DB_URL, "SECRET_DB_PASSWORD", DB_PASSWORD));
    }

    Cli run(String... args) throws Exception {
        try (AutoCloseable ignored = SecretsFixture.environment(env)) {
            String[] all = new String[args.length + 4];
            all[0] = "secrets";
            all[1] = "run";
            all[2] = "--config";
            all[3] = cfg;
            System.arraycopy(args, 0, all, 4, args.length);
            return Cli.run(all);
        }
    }

    @Test
    void valuesReachTheChildAndAreMaskedInItsOutputEvenWhenSplit() throws Exception {
        Cli r = run("--env", "prod", "--", "sh", "-c", "echo \"out:$OPENAI_API_KEY\"; echo \"err:$DATABASE_URL\" >&2; "
                + "v=$OPENAI_API_KEY; printf 'split:%s' \"$(echo \"$v\" | cut -c1-40)\"; sleep 0.3; "
                + "echo \"$v\" | cut -c41-; printf 'len:%s\\n' \"${#v}\"");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("out:sk-p…(92 chars)", "split:sk-p…(92 chars)", "len:92")
                .doesNotContain(OPENAI).doesNotContain(OPENAI.substring(0, 40)).doesNotContain(OPENAI.substring(40));
        assertThat(r.err()).contains("err:post…(53 chars)").doesNotContain(DB_URL).doesNotContain("Hq3kZ9wLm2Px7Vb4");
    }

    @Test
    void theChildsExitCodeIsPassedThrough() throws Exception {
        assertThat(run("--env", "prod", "--", "sh", "-c", "exit 7").exit()).isEqualTo(7);
        assertThat(run("--env", "prod", "--", "true").exit()).isZero();
    }

    @Test
    void refusesToStartWhenASecretIsAPlaceholderAndListsWhy() throws Exception {
        env.put("SECRET_OPENAI_API_KEY", "your-openai-api-key-here");
        Path marker = dir.resolve("started");
        Cli r = run("--env", "prod", "--", "touch", marker.toString());
        assertThat(r.exit()).isEqualTo(1);
        assertThat(marker).doesNotExist();
        assertThat(r.err()).contains("not starting touch", "OPENAI_API_KEY", "placeholder", "zerofail.yaml:4")
                .doesNotContain("your-openai-api-key-here");
        env.remove("SECRET_DB_PASSWORD");
        Cli missing = run("--env", "prod", "--", "touch", marker.toString());
        assertThat(missing.err()).contains("2 secret(s) missing or invalid", "DB_PASSWORD (DB_PASSWORD_FILE): required");
        assertThat(marker).doesNotExist();
    }

    @Test
    void onlyTheServicesSecretsAreNeeded() throws Exception {
        env.put("SECRET_DB_PASSWORD", "changeme");
        Cli worker = run("--env", "prod", "--service", "worker", "--", "sh", "-c", "echo \"file=${DB_PASSWORD_FILE:-none}\"");
        assertThat(worker.exit()).as(worker.err()).isZero();
        assertThat(worker.out()).contains("file=none");
        assertThat(run("--env", "prod", "--service", "api", "--", "true").exit()).isEqualTo(1);
    }

    @Test
    void fileVariablesPointAtOwnerOnlyFilesThatAreGoneAfterwards() throws Exception {
        Path seen = dir.resolve("seen.txt");
        Cli r = run("--env", "prod", "--", "sh", "-c", "f=$DB_PASSWORD_FILE; echo \"$f\" > " + seen + "; "
                + "stat -c 'file %a' \"$f\"; stat -c 'dir %a' \"$(dirname \"$f\")\"; "
                + "[ \"$(cat \"$f\")\" = '" + DB_PASSWORD + "' ] && echo same-content; cat \"$f\"; echo");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("file 600", "dir 700", "same-content", "…(20 chars)").doesNotContain(DB_PASSWORD);
        Path file = Path.of(Files.readString(seen).strip());
        assertThat(file.getFileName().toString()).isEqualTo("DB_PASSWORD");
        assertThat(file).doesNotExist();
        assertThat(file.getParent()).doesNotExist();
    }

    @Test
    void aCommandThatCannotStartIsExit2() throws Exception {
        Cli r = run("--env", "prod", "--", dir.resolve("no-such-command").toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("cannot start the command");
    }
}
