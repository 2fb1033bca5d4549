package dev.zerofail.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The deploy commands' errors that need no daemon: bad input is exit 2, an unreachable daemon exit 3. */
class DeployCliTest {
    @TempDir
    Path dir;

    private Path repo(String dockerHost) throws Exception {
        Files.writeString(dir.resolve("docker-compose.yml"), "services:\n  web:\n    image: app:1\n");
        Files.writeString(dir.resolve("zerofail.yaml"), "environments:\n  prod:\n    stack: acme\n    compose: docker-compose.yml\n"
                + "    docker-host: " + dockerHost + "\n");
        return dir.resolve("zerofail.yaml");
    }

    @Test
    void emergencyNeedsTheConfirmationWord() throws Exception {
        Path cfg = repo("tcp://127.0.0.1:1");
        Cli r = Cli.run("deploy", "--config", cfg.toString(), "--env", "prod", "--emergency");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("--confirm DEPLOY");
        assertThat(Cli.run("deploy", "--config", cfg.toString(), "--env", "prod", "--emergency", "--confirm", "yes").exit())
                .isEqualTo(2);
    }

    @Test
    void unknownEnvironmentAndServiceAreUsageErrors() throws Exception {
        Path cfg = repo("tcp://127.0.0.1:1");
        Cli r = Cli.run("deploy", "--config", cfg.toString(), "--env", "qa");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("no environment 'qa'").contains("[prod]");
        Cli both = Cli.run("deploy", "--config", cfg.toString(), "--env", "prod", "--image", "a:1", "--tag", "2");
        assertThat(both.exit()).isEqualTo(2);
        Cli badWait = Cli.run("deploy", "--config", cfg.toString(), "--env", "prod", "--wait", "soon");
        assertThat(badWait.exit()).isEqualTo(2);
        assertThat(badWait.err()).contains("--wait");
    }

    @Test
    void aDrillOnProductionNeedsAllowProductionAndTakesNoImage() throws Exception {
        Path cfg = repo("tcp://127.0.0.1:1");
        Cli prod = Cli.run("deploy", "--config", cfg.toString(), "--env", "prod", "--drill", "--format", "json");
        assertThat(prod.exit()).isEqualTo(2);
        assertThat(prod.out()).contains("--allow-production").contains("\"command\" : \"deploy\"");
        Cli allowed = Cli.run("deploy", "--config", cfg.toString(), "--env", "prod", "--drill", "--allow-production");
        assertThat(allowed.exit()).as("past the production check, the unreachable daemon").isEqualTo(3);
        assertThat(Cli.run("deploy", "--config", cfg.toString(), "--env", "prod", "--drill", "--allow-production", "--image", "a:2")
                .err()).contains("--drill");
        assertThat(Cli.run("deploy", "--config", cfg.toString(), "--env", "prod", "--drill", "--allow-production", "--tag", "2")
                .exit()).isEqualTo(2);
        Cli stray = Cli.run("deploy", "--config", cfg.toString(), "--env", "prod", "--allow-production");
        assertThat(stray.exit()).isEqualTo(2);
        assertThat(stray.err()).contains("only applies to --drill");
    }

    @Test
    void anUnreachableDaemonIsExit3WithTheEndpoint() throws Exception {
        Path cfg = repo("tcp://127.0.0.1:1");
        for (String cmd : new String[] {"deploy", "verify", "status", "rollback"}) {
            Cli r = Cli.run(cmd, "--config", cfg.toString(), "--env", "prod");
            assertThat(r.exit()).as(cmd).isEqualTo(3);
            assertThat(r.err()).as(cmd).contains("tcp://127.0.0.1:1").contains("cannot reach the Docker daemon");
        }
        // the error documents validate against each command's schema (Cli.run checks it)
        for (String cmd : new String[] {"deploy", "verify", "status", "rollback"}) {
            Cli json = Cli.run(cmd, "--config", cfg.toString(), "--env", "prod", "--format", "json");
            assertThat(json.exit()).as(cmd).isEqualTo(3);
            assertThat(json.out()).as(cmd).contains("\"command\" : \"" + cmd + "\"", "\"kind\" : \"service_unavailable\"",
                    "tcp://127.0.0.1:1");
        }
    }

    @Test
    void anUnknownEnvironmentIsAUsageErrorDocument() throws Exception {
        Path cfg = repo("tcp://127.0.0.1:1");
        for (String cmd : new String[] {"deploy", "verify", "status", "rollback"}) {
            Cli json = Cli.run(cmd, "--config", cfg.toString(), "--env", "qa", "-f", "json");
            assertThat(json.exit()).as(cmd).isEqualTo(2);
            assertThat(json.out()).as(cmd).contains("\"kind\" : \"usage\"", "no environment 'qa'");
        }
    }

    @Test
    void helpListsTheDeployExitCodes() {
        Cli r = Cli.run("deploy", "--help");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("--emergency").contains("rolled back").contains("a person must act");
    }
}
