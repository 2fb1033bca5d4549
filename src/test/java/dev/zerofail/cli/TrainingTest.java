package dev.zerofail.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zerofail.core.AtomicFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The class-data archive's training covers the hook's whole path: a staged change with findings, on HEAD. */
class TrainingTest {
    @Test
    void theThrowawayRepositoryHasAStagedChangeWithFindingsAndGoesAway() {
        Path repo = Training.stagedRepository();
        assertThat(repo).as("git is on PATH in the test environment").isNotNull();
        try {
            // the hook's line (QuickLine), and a diff against HEAD's blob: the added-lines path is trained too
            Cli hook = Cli.run("scan", "--staged", "--quiet", "--no-color", repo.toString());
            assertThat(hook.exit()).as(hook.err()).isEqualTo(1);
            assertThat(hook.out()).contains("app.py:4", "settings.env:2").doesNotContain("app.py:1 ");
            Cli since = Cli.run("scan", "--since", "HEAD", "-q", repo.toString());
            assertThat(since.exit()).as(since.err()).isEqualTo(1);
        } finally {
            AtomicFiles.deleteTreeQuietly(repo);
        }
        assertThat(Files.exists(repo)).isFalse();
    }

    /** status is what on-call runs first: its training run must take the whole path, not fail at the first call. */
    @Test
    void statusRunsWholeAgainstTheTrainingEngine() throws Exception {
        try (TrainingDocker docker = new TrainingDocker()) {
            Path repo = Training.deployRepository(docker.host());
            try {
                String config = repo.resolve("zerofail.yaml").toString();
                Cli status = Cli.run("status", "--env", "training", "--config", config);
                assertThat(status.exit()).as(status.err()).isZero();
                assertThat(status.out()).contains("acme/web:1").contains("1/1");
                Cli history = Cli.run("history", "--env", "training", "--config", config);
                assertThat(history.exit()).as(history.err()).isZero();
            } finally {
                AtomicFiles.deleteTreeQuietly(repo);
            }
            assertThat(Files.exists(repo)).isFalse();
        }
    }

    /** deploy's training run goes through the gates and the lock to the update, which the training engine refuses. */
    @Test
    void deployRunsUpToItsUpdateAgainstTheTrainingEngine() throws Exception {
        try (TrainingDocker docker = new TrainingDocker()) {
            Path repo = Training.deployRepository(docker.host());
            try {
                Cli deploy = Cli.run("deploy", "--env", "training", "--config", repo.resolve("zerofail.yaml").toString(),
                        "--image", "acme/web:2");
                assertThat(deploy.exit()).as(deploy.err()).isNotZero();
                assertThat(deploy.err()).contains("preflight.lock").contains("update service training_web");
            } finally {
                AtomicFiles.deleteTreeQuietly(repo);
            }
        }
    }

    @Test
    void aHealthCheckRequestIsSentAndAnsweredOnLoopback() {
        assertThat(Training.healthCheck()).as("the JDK client's request to the one-shot loopback answer").isTrue();
    }
}
