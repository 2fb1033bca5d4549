package dev.zerofail.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.zerofail.core.ExitCode;
import dev.zerofail.core.Masking;
import dev.zerofail.core.ZerofailException;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SpecsTest {
    private static ObjectNode spec(String image, String env) {
        return Specs.parse("""
                {"Name":"acme_api","Labels":{"com.docker.stack.image":"%s"},
                 "TaskTemplate":{"ContainerSpec":{"Image":"%s","Env":["A=1","%s"],
                   "Secrets":[{"SecretName":"acme_db","File":{"Name":"db"}}]},
                   "Networks":[{"Target":"host"}]},
                 "Mode":{"Replicated":{"Replicas":2}}}""".formatted(image, image, env));
    }

    @Test
    void fingerprintIgnoresWhatDoesNotChangeTheTasks() {
        ObjectNode a = spec("app:1", "DB_PASSWORD=hunter2hunter2");
        String fp = Specs.fingerprint(a, "sha256:aaa");
        ObjectNode b = Specs.withFingerprint(Specs.withUpdateConfig(a, 1, true, Duration.ofSeconds(1), Duration.ofSeconds(1)), "x");
        ((ObjectNode) b.path("TaskTemplate").path("ContainerSpec").path("Secrets").get(0)).put("SecretID", "id123");
        b = Specs.withForceUpdate(b, 3);
        assertThat(Specs.fingerprint(b, "sha256:aaa")).isEqualTo(fp);
        // what runs: image, its local id, the environment
        assertThat(Specs.fingerprint(a, "sha256:bbb")).isNotEqualTo(fp);
        assertThat(Specs.fingerprint(spec("app:2", "DB_PASSWORD=hunter2hunter2"), "sha256:aaa")).isNotEqualTo(fp);
        assertThat(Specs.fingerprint(spec("app:1", "DB_PASSWORD=other"), "sha256:aaa")).isNotEqualTo(fp);
    }

    @Test
    void updateConfigPausesAndAvoidsPortClashes() {
        ObjectNode s = Specs.withUpdateConfig(spec("app:1", "X=1"), 2, true, Duration.ofMillis(750), Duration.ofSeconds(1));
        JsonNode u = s.path("UpdateConfig");
        assertThat(u.path("FailureAction").asText()).isEqualTo("pause");
        assertThat(u.path("Parallelism").asLong()).isEqualTo(2);
        assertThat(u.path("Order").asText()).isEqualTo("stop-first");
        assertThat(u.path("Delay").asLong()).isEqualTo(750_000_000L);
        assertThat(Specs.withUpdateConfig(s, 1, false, Duration.ZERO, Duration.ZERO).path("UpdateConfig").path("Order").asText())
                .isEqualTo("start-first");
        assertThat(Specs.bindsHostPorts(s, Set.of("host"))).isTrue();
        assertThat(Specs.bindsHostPorts(Specs.parse("{\"TaskTemplate\":{\"Networks\":[{\"Target\":\"abc\"}]}}"), Set.of("host")))
                .isFalse();
        assertThat(Specs.bindsHostPorts(Specs.parse("{\"EndpointSpec\":{\"Ports\":[{\"PublishMode\":\"host\"}]}}"), Set.of()))
                .isTrue();
    }

    @Test
    void imagesArePinnedOrNot() {
        assertThat(Specs.pinned("app:1.2.3")).isTrue();
        assertThat(Specs.pinned("registry:5000/app@sha256:abc")).isTrue();
        assertThat(Specs.pinned("app:latest")).isFalse();
        assertThat(Specs.pinned("registry:5000/app")).isFalse();
        assertThat(Specs.retag("registry:5000/team/app:1@sha256:abc", "2")).isEqualTo("registry:5000/team/app:2");
        assertThat(Specs.retag("app", "v3")).isEqualTo("app:v3");
        ObjectNode s = Specs.withImage(spec("app:1", "X=1"), "app:2");
        assertThat(Specs.image(s)).isEqualTo("app:2");
        assertThat(s.path("Labels").path("com.docker.stack.image").asText()).isEqualTo("app:2");
    }

    @Test
    void maskedValuesComeBackFromASpecSwarmStillHas() {
        String real = "hunter2hunter2";
        // as the history stores it: the mask (no characters of a 14-character value) and the keyed tag
        ObjectNode stored = spec("app:1", "DB_PASSWORD=" + Masking.mask(real) + "#" + dev.zerofail.core.Fingerprints.envTag(real));
        ObjectNode running = spec("app:2", "DB_PASSWORD=" + real);
        ObjectNode other = spec("app:2", "DB_PASSWORD=somethingelse1");
        assertThat(Masking.mask("somethingelse1")).as("same length, same mask").isEqualTo(Masking.mask(real));
        ObjectNode restored = Specs.unmasked(stored, List.of(other, running));
        assertThat(restored.path("TaskTemplate").path("ContainerSpec").path("Env").toString()).contains("DB_PASSWORD=" + real)
                .contains("A=1");
        assertThatThrownBy(() -> Specs.unmasked(stored, List.of(other)))
                .isInstanceOf(ZerofailException.class)
                .satisfies(e -> assertThat(((ZerofailException) e).exitCode()).isEqualTo(ExitCode.ROLLBACK_FAILED))
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("somethingelse1"));
    }

    @Test
    void urlPasswordsAndRecordsWithoutATagComeBackToo() {
        String url = "postgres://app:S3cretPassw0rd1@db:5432/app";
        ObjectNode stored = spec("app:1", "DATABASE_URL=" + Masking.maskUrlCredentials(url) + "#"
                + dev.zerofail.core.Fingerprints.envTag(url));
        ObjectNode running = spec("app:2", "DATABASE_URL=" + url);
        ObjectNode rotated = spec("app:2", "DATABASE_URL=postgres://app:N3wPassw0rd-22@db:5432/app");
        assertThat(Specs.unmasked(stored, List.of(rotated, running)).toString()).contains(url);
        // a record from before the tag: one value of that mask is enough, two are ambiguous, never guessed
        ObjectNode legacy = spec("app:1", "DB_PASSWORD=hunt…(14 chars)");
        assertThat(Specs.unmasked(legacy, List.of(spec("app:2", "DB_PASSWORD=hunter2hunter2"))).toString())
                .contains("DB_PASSWORD=hunter2hunter2");
        ObjectNode untagged = spec("app:1", "DB_PASSWORD=" + Masking.mask("hunter2hunter2"));
        assertThatThrownBy(() -> Specs.unmasked(untagged, List.of(spec("app:2", "DB_PASSWORD=hunter2hunter2"),
                spec("app:3", "DB_PASSWORD=somethingelse1")))).isInstanceOf(ZerofailException.class);
    }

    @Test
    void taskSpecsMatchTheTemplateWithoutRuntime() {
        JsonNode template = Specs.parse("{\"ContainerSpec\":{\"Image\":\"a\"},\"ForceUpdate\":0,\"Runtime\":\"container\"}");
        assertThat(RolloutWatch.sameSpec(Specs.parse("{\"ContainerSpec\":{\"Image\":\"a\"},\"ForceUpdate\":0}"), template)).isTrue();
        assertThat(RolloutWatch.sameSpec(Specs.parse("{\"ContainerSpec\":{\"Image\":\"b\"},\"ForceUpdate\":0}"), template)).isFalse();
        assertThat(RolloutWatch.sameSpec(Specs.parse("{\"ContainerSpec\":{\"Image\":\"a\"},\"ForceUpdate\":1}"), template)).isFalse();
    }

    @Test
    void gateDelayCoversTheHttpPassesAndFailuresTheGateNeeds() {
        DeployConfig.HttpCheck c = new DeployConfig.HttpCheck("http://x/{slot}", 200, null, Duration.ofSeconds(1),
                Duration.ofMillis(250), 3, 2, Duration.ZERO);
        assertThat(Deployer.gateDelay(new DeployConfig.Health(List.of(c), null, Duration.ofSeconds(5), Duration.ZERO)))
                .isEqualTo(Duration.ofMillis(750));
        DeployConfig.HttpCheck patient = new DeployConfig.HttpCheck("http://x/{slot}", 200, null, Duration.ofSeconds(1),
                Duration.ofMillis(250), 6, 2, Duration.ZERO);
        assertThat(Deployer.gateDelay(new DeployConfig.Health(List.of(c, patient), null, Duration.ofSeconds(5), Duration.ZERO)))
                .as("six wrong answers are five intervals after the first")
                .isEqualTo(Duration.ofMillis(1500));
        assertThat(Deployer.gateDelay(DeployConfig.Health.DEFAULT)).isEqualTo(Duration.ZERO);
    }
}
