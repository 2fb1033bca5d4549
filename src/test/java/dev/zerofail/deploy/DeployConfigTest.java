package dev.zerofail.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.zerofail.core.ConfigNode;
import dev.zerofail.core.ExitCode;
import dev.zerofail.core.ZerofailException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class DeployConfigTest {
    private static final Path ROOT = Path.of("/repo");

    private static DeployConfig parse(String yaml) {
        return DeployConfig.from(ConfigNode.parse("zerofail.yaml", yaml).get("environments").orElseThrow(), ROOT);
    }

    @Test
    void readsTheDocumentedShape() {
        DeployConfig c = parse("""
                environments:
                  prod:
                    stack: acme
                    compose: docker-compose.unified.yml
                    env-file: deploy/prod.env
                    docker-host: tcp://10.0.0.5:2376
                    allow-latest: false
                    freeze: [ "2026-12-24T00:00Z/2026-12-27T00:00Z" ]
                    services:
                      api:
                        parallelism: 2
                        health:
                          http:
                            - { url: "http://127.0.0.1:8080/health", status: 200, body: "ok", timeout: 2s,
                                interval: 250ms, retries: 3, consecutive: 2 }
                          prometheus:
                            url: http://127.0.0.1:9090
                            queries: [ { query: "rate(errors[1m])", max: 0.05 } ]
                            failures: 2
                          timeout: 1m30s
                          monitor: 10s
                """);
        DeployConfig.Environment prod = c.environment("prod");
        assertThat(prod.stack()).isEqualTo("acme");
        assertThat(prod.compose()).containsExactly(ROOT.resolve("docker-compose.unified.yml"));
        assertThat(prod.envFile()).isEqualTo(ROOT.resolve("deploy/prod.env"));
        assertThat(prod.dockerHost()).isEqualTo("tcp://10.0.0.5:2376");
        assertThat(prod.freeze()).hasSize(1);
        assertThat(prod.freeze().get(0).contains(Instant.parse("2026-12-25T12:00:00Z"))).isTrue();
        assertThat(prod.freeze().get(0).contains(Instant.parse("2026-12-27T00:00:00Z"))).isFalse();
        DeployConfig.ServiceSettings api = prod.service("api");
        assertThat(api.parallelism()).isEqualTo(2);
        DeployConfig.Health h = api.health();
        assertThat(h.timeout()).isEqualTo(Duration.ofSeconds(90));
        assertThat(h.monitor()).isEqualTo(Duration.ofSeconds(10));
        assertThat(h.http()).containsExactly(new DeployConfig.HttpCheck("http://127.0.0.1:8080/health", 200, "ok",
                Duration.ofSeconds(2), Duration.ofMillis(250), 3, 2, Duration.ZERO));
        assertThat(h.prometheus().queries()).containsExactly(new DeployConfig.Query("rate(errors[1m])", 0.05));
        assertThat(h.prometheus().failures()).isEqualTo(2);
        // a service without an entry gets the defaults
        assertThat(prod.service("worker").health()).isEqualTo(DeployConfig.Health.DEFAULT);
    }

    @Test
    void defaultsStackToTheEnvironmentName() {
        DeployConfig.Environment e = parse("environments:\n  staging:\n    compose: [a.yml, b.yml]\n").environment("staging");
        assertThat(e.stack()).isEqualTo("staging");
        assertThat(e.compose()).hasSize(2);
        assertThat(e.allowLatest()).isFalse();
    }

    @Test
    void errorsNameFileLineAndKey() {
        assertThatThrownBy(() -> parse("""
                environments:
                  prod:
                    compose: c.yml
                    services:
                      api:
                        health:
                          timeout: soon
                """)).isInstanceOf(ZerofailException.class)
                .hasMessageContaining("expected a duration like 250ms, 2s or 1m, got 'soon'")
                .satisfies(e -> assertThat(((ZerofailException) e).where())
                        .isEqualTo("zerofail.yaml:7 environments.prod.services.api.health.timeout"));
        assertThatThrownBy(() -> parse("environments:\n  prod:\n    compose: c.yml\n    stak: x\n"))
                .hasMessageContaining("unknown key 'stak'")
                .satisfies(e -> assertThat(((ZerofailException) e).where()).startsWith("zerofail.yaml:4"));
        assertThatThrownBy(() -> parse("environments:\n  prod:\n    stack: x\n"))
                .hasMessageContaining("no compose file");
        assertThatThrownBy(() -> parse("environments:\n  prod:\n    compose: c.yml\n    freeze: [\"2026-12-27T00:00Z/2026-12-24T00:00Z\"]\n"))
                .hasMessageContaining("ends before it starts");
        assertThatThrownBy(() -> parse("environments:\n  prod:\n    compose: c.yml\n    services: {api: {health: {http: [{url: ftp://x}]}}}\n"))
                .hasMessageContaining("http:// or https://");
    }

    @Test
    void unknownEnvironmentIsAUsageErrorListingTheKnownOnes() {
        assertThatThrownBy(() -> parse("environments:\n  prod:\n    compose: c.yml\n").environment("qa"))
                .isInstanceOf(ZerofailException.class).hasMessageContaining("no environment 'qa'")
                .satisfies(e -> assertThat(((ZerofailException) e).exitCode()).isEqualTo(ExitCode.USAGE))
                .satisfies(e -> assertThat(((ZerofailException) e).nextStep()).contains("[prod]"));
    }
}
