package dev.zerofail.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.ContainerSpec;
import com.github.dockerjava.api.model.ContainerSpecFile;
import com.github.dockerjava.api.model.ContainerSpecSecret;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.NetworkAttachmentConfig;
import com.github.dockerjava.api.model.Secret;
import com.github.dockerjava.api.model.ServiceModeConfig;
import com.github.dockerjava.api.model.ServiceReplicatedModeOptions;
import com.github.dockerjava.api.model.ServiceSpec;
import com.github.dockerjava.api.model.Task;
import com.github.dockerjava.api.model.TaskSpec;
import com.github.dockerjava.api.model.TaskState;
import dev.zerofail.secrets.SecretStore;
import dev.zerofail.secrets.SwarmSecretStore;
import dev.zerofail.swarm.DockerEngine;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Swarm secrets on the real daemon: create, rotate under a running service, idempotent re-run. */
class SwarmSecretStoreIT {
    static final String V1 = "zf-it-first-value-7Qm2x9";
    static final String V2 = "zf-it-second-value-Lr84pZ";

    @TempDir
    Path home;

    DockerEngine engine;
    DockerClient docker;
    String prefix;
    String image;

    @BeforeEach
    void connect() {
        String host = Services.require("ZEROFAIL_IT_DOCKER_HOST", "Docker (swarm mode)");
        image = Services.require("ZEROFAIL_IT_TEST_IMAGE", "the zerofail test image");
        engine = DockerEngine.connect(Map.of("DOCKER_HOST", host), home);
        engine.ping();
        docker = engine.client();
        prefix = "zf-secrets-it-" + UUID.randomUUID().toString().substring(0, 8) + "-";
    }

    @AfterEach
    void cleanUp() throws Exception {
        if (docker == null) {
            return;
        }
        docker.listServicesCmd().exec().stream().filter(s -> s.getSpec().getName().startsWith(prefix))
                .forEach(s -> docker.removeServiceCmd(s.getId()).exec());
        for (int i = 0; i < 60; i++) {
            List<Secret> left = mine();
            left.forEach(s -> {
                try {
                    docker.removeSecretCmd(s.getId()).exec();
                } catch (RuntimeException stillInUse) {
                    // the task of the removed service is still stopping
                }
            });
            if (mine().isEmpty()) {
                break;
            }
            TimeUnit.MILLISECONDS.sleep(500);
        }
        engine.close();
    }

    List<Secret> mine() {
        return docker.listSecretsCmd().exec().stream().filter(s -> s.getSpec().getName().startsWith(prefix)).toList();
    }

    @Test
    void rotatesUnderARunningServiceAndRemovesTheOldVersion() throws Exception {
        SwarmSecretStore store = new SwarmSecretStore(engine, prefix);
        List<String> log = new ArrayList<>();
        store.write(Map.of("API_KEY", V1), Set.of(), log::add);
        assertThat(mine()).extracting(s -> s.getSpec().getName()).containsExactly(prefix + "API_KEY_v1");
        Secret v1 = mine().get(0);
        assertThat(v1.getSpec().getLabels()).containsEntry("dev.zerofail.secret.name", "API_KEY")
                .containsEntry("dev.zerofail.secret.fingerprint", SecretStore.fingerprint("API_KEY", V1));
        assertThat(store.read(List.of("API_KEY")).get("API_KEY").fingerprint())
                .isEqualTo(SecretStore.fingerprint("API_KEY", V1));

        String service = prefix + "svc";
        docker.createServiceCmd(new ServiceSpec().withName(service)
                .withTaskTemplate(new TaskSpec()
                        .withContainerSpec(new ContainerSpec().withImage(image).withCommand(List.of("/bin/sleep", "3600"))
                                .withSecrets(List.of(new ContainerSpecSecret().withSecretId(v1.getId())
                                        .withSecretName(prefix + "API_KEY_v1").withFile(new ContainerSpecFile()
                                                .withName("api_key").withUid("0").withGid("0").withMode(0400L)))))
                        .withNetworks(List.of(new NetworkAttachmentConfig().withTarget("host"))))
                .withMode(new ServiceModeConfig().withReplicated(new ServiceReplicatedModeOptions().withReplicas(1))))
                .exec();
        assertThat(secretInRunningTask(service)).isEqualTo(V1);

        store.write(Map.of("API_KEY", V2), Set.of(), log::add);
        List<ContainerSpecSecret> mounted = docker.inspectServiceCmd(service).exec().getSpec().getTaskTemplate()
                .getContainerSpec().getSecrets();
        assertThat(mounted).singleElement().satisfies(s -> {
            assertThat(s.getSecretName()).isEqualTo(prefix + "API_KEY_v2");
            assertThat(s.getFile().getName()).isEqualTo("api_key");
            assertThat(s.getFile().getMode()).isEqualTo(0400L);
        });
        assertThat(mine()).extracting(s -> s.getSpec().getName()).containsExactly(prefix + "API_KEY_v2");
        assertThat(log).anyMatch(l -> l.contains("service " + service + " now mounts " + prefix + "API_KEY_v2"))
                .anyMatch(l -> l.contains("removed " + prefix + "API_KEY_v1"));
        assertThat(secretInRunningTask(service)).isEqualTo(V2);
        assertThat(String.join("\n", log)).doesNotContain(V1).doesNotContain(V2);
        assertThat(store.current("API_KEY")).contains(prefix + "API_KEY_v2");
    }

    @Test
    void syncOfAnUnchangedValueDoesNothing() {
        SwarmSecretStore store = new SwarmSecretStore(engine, prefix);
        var spec = new dev.zerofail.secrets.SecretSpec("API_KEY", "a.b", "API_KEY", "general", "", List.of("*"), true,
                null, null, List.of(), "zerofail.yaml:1 secrets.manifest[0]");
        var first = dev.zerofail.secrets.Sync.run(List.of(spec), Map.of("API_KEY", V1), store,
                dev.zerofail.secrets.SecretValidator.defaults(), new dev.zerofail.secrets.Sync.Options(null, false, false,
                        false), SecretStore.Progress.NONE);
        assertThat(first.count(dev.zerofail.secrets.Sync.Change.ADDED)).isEqualTo(1);
        String id = mine().get(0).getId();
        var second = dev.zerofail.secrets.Sync.run(List.of(spec), Map.of("API_KEY", V1), store,
                dev.zerofail.secrets.SecretValidator.defaults(), new dev.zerofail.secrets.Sync.Options(null, false, false,
                        false), SecretStore.Progress.NONE);
        assertThat(second.count(dev.zerofail.secrets.Sync.Change.UNCHANGED)).isEqualTo(1);
        assertThat(second.hasWrites()).isFalse();
        assertThat(mine()).extracting(Secret::getId).containsExactly(id);
    }

    /** Waits for the service's running task, then reads the mounted secret file inside its container. */
    private String secretInRunningTask(String service) throws Exception {
        for (int i = 0; i < 120; i++) {
            for (Task t : docker.listTasksCmd().withServiceFilter(service).exec()) {
                boolean running = t.getStatus() != null && t.getStatus().getState() == TaskState.RUNNING
                        && t.getDesiredState() == TaskState.RUNNING && t.getStatus().getContainerStatus() != null;
                if (running) {
                    String container = t.getStatus().getContainerStatus().getContainerID();
                    String content = exec(container, "/bin/cat", "/run/secrets/api_key");
                    if (content != null) {
                        return content;
                    }
                }
            }
            TimeUnit.MILLISECONDS.sleep(500);
        }
        throw new AssertionError("no running task of " + service + " within 60 s");
    }

    private String exec(String container, String... cmd) throws Exception {
        String id = docker.execCreateCmd(container).withCmd(cmd).withAttachStdout(true).withAttachStderr(true).exec().getId();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        docker.execStartCmd(id).exec(new ResultCallback.Adapter<Frame>() {
            @Override
            public void onNext(Frame f) {
                if (f.getStreamType() == com.github.dockerjava.api.model.StreamType.STDOUT) {
                    out.writeBytes(f.getPayload());
                }
            }
        }).awaitCompletion(20, TimeUnit.SECONDS);
        Long code = docker.inspectExecCmd(id).exec().getExitCodeLong();
        return code != null && code == 0 ? out.toString(StandardCharsets.UTF_8) : null;
    }
}
