package dev.zerofail.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zerofail.history.GateResult;
import dev.zerofail.secrets.SecretSpec;
import dev.zerofail.secrets.SecretStore;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The pre-flight gates with a fixed clock and a Swarm secret store that answers from a map. */
class PreflightTest {
    private static final Instant XMAS = Instant.parse("2026-12-25T10:00:00Z");

    private static SecretStore swarm(Map<String, SecretStore.Stored> held) {
        return new SecretStore() {
            public String kind() {
                return "swarm";
            }

            public String describe() {
                return "fake swarm";
            }

            public KeyBy keyBy() {
                return KeyBy.NAME;
            }

            public boolean readsValues() {
                return false;
            }

            public Map<String, Stored> read(Collection<String> keys) {
                Map<String, Stored> out = new HashMap<>();
                keys.stream().filter(held::containsKey).forEach(k -> out.put(k, held.get(k)));
                return out;
            }

            public void write(Map<String, String> set, Set<String> delete, Progress progress) {
                throw new UnsupportedOperationException("pre-flight never writes");
            }
        };
    }

    private static SecretSpec secret(String name, String service) {
        return new SecretSpec(name, null, null, null, null, List.of("prod"), true, null, null, List.of(service), "zerofail.yaml:3");
    }

    private record Run(List<String> failed, List<GateResult> gates) {
    }

    private static Run run(boolean allowLatest, String image, boolean emergency, Map<String, SecretStore.Stored> held) {
        DeployConfig.Environment env = new DeployConfig.Environment("prod", "acme", List.of(Path.of("c.yml")), null, null,
                allowLatest, List.of(new DeployConfig.FreezeWindow(Instant.parse("2026-12-24T00:00:00Z"),
                        Instant.parse("2026-12-27T00:00:00Z"), "2026-12-24T00:00Z/2026-12-27T00:00Z")), Map.of(), "zerofail.yaml:2");
        Clock clock = Clock.fixed(XMAS, ZoneOffset.UTC);
        DeployContext ctx = new DeployContext(env, Map.of(), Path.of("."), List.of(secret("DB_PASSWORD", "api"),
                secret("STRIPE_KEY", "api"), secret("OTHER", "worker")), swarm(held), null, null, clock,
                dev.zerofail.core.Sleeper.REAL, Progress.NONE);
        Recorder rec = new Recorder(null, 0, clock, Progress.NONE, "api");
        Deployer.Plan plan = new Deployer.Plan("api", Specs.parse("{\"Name\":\"acme_api\"}"), List.of(), null, null);
        return new Run(new Preflight(ctx, rec).run(plan, image, emergency), rec.gates());
    }

    @Test
    void freezeUnpinnedImageAndMissingSecretsEachStopTheDeploy() {
        Run r = run(false, "acme/api:latest", false, Map.of("DB_PASSWORD", new SecretStore.Stored("DB_PASSWORD", "ab12", null)));
        assertThat(r.failed()).hasSize(3);
        assertThat(r.failed().get(0)).contains("freeze window 2026-12-24T00:00Z/2026-12-27T00:00Z is active");
        assertThat(r.failed().get(1)).contains("not pinned");
        assertThat(r.failed().get(2)).contains("missing in Swarm: [STRIPE_KEY]").doesNotContain("OTHER");
        assertThat(r.gates()).extracting(GateResult::gate).containsExactly("preflight.freeze", "preflight.image", "preflight.secrets");
        assertThat(r.gates()).noneMatch(GateResult::passed);
    }

    @Test
    void allowLatestAndPresentSecretsPassAndSayHowTheyWereChecked() {
        Run r = run(true, "acme/api", true, Map.of("DB_PASSWORD", new SecretStore.Stored("DB_PASSWORD", "ab12", null),
                "STRIPE_KEY", new SecretStore.Stored("STRIPE_KEY", null, null)));
        assertThat(r.gates().get(1).detail()).contains("allowed by allow-latest");
        assertThat(r.gates().get(2).passed()).isTrue();
        assertThat(r.gates().get(2).detail()).contains("[STRIPE_KEY] made outside zerofail");
    }

    @Test
    void emergencySkipsTheSkippableGatesButRecordsWhy() {
        Run r = run(false, "acme/api:latest", true, Map.of());
        assertThat(r.failed()).isEmpty();
        assertThat(r.gates()).allSatisfy(g -> assertThat(g.detail()).startsWith("skipped (--emergency)"));
        assertThat(r.gates().get(0).detail()).contains("freeze window");
    }
}
