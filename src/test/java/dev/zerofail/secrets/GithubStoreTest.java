package dev.zerofail.secrets;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.zerofail.core.ExitCode;
import dev.zerofail.core.ZerofailException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** GitHub Actions secrets against WireMock in the documented shapes; sealed boxes opened with libsodium. */
class GithubStoreTest {
    static final String TOKEN = "ghp_Zq8vR2mT4xL9pB7cW3nK6yH1sD5fG0jA2eQ4";
    static final String REPO = "/repos/acme/platform/actions/secrets";
    static final Instant NOW = Instant.parse("2026-11-27T12:00:00Z");

    @RegisterExtension
    static WireMockExtension gh = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()
            .bindAddress("127.0.0.1")).build();

    final List<Duration> slept = new ArrayList<>();

    GithubStore store(GithubStore.Scope scope) {
        return new GithubStore(URI.create(gh.baseUrl()), "acme", "platform", scope, "prod", null,
                Map.of("GH_TOKEN", TOKEN), new Redactor(), slept::add, Clock.fixed(NOW, ZoneOffset.UTC));
    }

    static byte[][] publicKey(String path) {
        byte[][] kp = SealedBoxTest.keyPair();
        gh.stubFor(get(path + "/public-key").willReturn(aResponse().withHeader("Content-Type", "application/json")
                .withBody("{\"key_id\":\"568250167242549743\",\"key\":\"" + Base64.getEncoder().encodeToString(kp[0])
                        + "\"}")));
        return kp;
    }

    @Test
    void putsSealedBoxesThatTheKeyPairOpens() throws Exception {
        byte[][] kp = publicKey(REPO);
        gh.stubFor(put(urlPathEqualTo(REPO + "/OPENAI_API_KEY")).willReturn(aResponse().withStatus(201)));
        gh.stubFor(put(urlPathEqualTo(REPO + "/JWT_SECRET")).willReturn(aResponse().withStatus(204)));
        List<String> lines = new ArrayList<>();
        store(GithubStore.Scope.REPO).write(Map.of("OPENAI_API_KEY", "sk-proj-real-value-0123456789",
                "JWT_SECRET", "4f1c0d0e9a"), Set.of(), lines::add);
        for (String name : List.of("OPENAI_API_KEY", "JWT_SECRET")) {
            var reqs = gh.findAll(putRequestedFor(urlEqualTo(REPO + "/" + name))
                    .withHeader("Authorization", equalTo("Bearer " + TOKEN))
                    .withHeader("X-GitHub-Api-Version", equalTo("2022-11-28")));
            assertThat(reqs).hasSize(1);
            JsonNode body = new ObjectMapper().readTree(reqs.get(0).getBodyAsString());
            assertThat(body.path("key_id").asText()).isEqualTo("568250167242549743");
            assertThat(body.has("visibility")).isFalse();
            String opened = SealedBoxTest.open(Base64.getDecoder().decode(body.path("encrypted_value").asText()), kp[0], kp[1]);
            assertThat(opened).isEqualTo(name.equals("JWT_SECRET") ? "4f1c0d0e9a" : "sk-proj-real-value-0123456789");
            assertThat(reqs.get(0).getBodyAsString()).doesNotContain(opened);
        }
        assertThat(lines).anyMatch(l -> l.contains("created OPENAI_API_KEY")).anyMatch(l -> l.contains("updated JWT_SECRET"));
    }

    @Test
    void orgAndEnvironmentScopesUseTheirPaths() {
        publicKey("/orgs/acme/actions/secrets");
        gh.stubFor(put(urlPathEqualTo("/orgs/acme/actions/secrets/X")).willReturn(aResponse().withStatus(201)));
        store(GithubStore.Scope.ORG).write(Map.of("X", "value-1234"), Set.of(), SecretStore.Progress.NONE);
        gh.verify(putRequestedFor(urlEqualTo("/orgs/acme/actions/secrets/X"))
                .withRequestBody(com.github.tomakehurst.wiremock.client.WireMock.containing("\"visibility\":\"private\"")));
        String env = "/repos/acme/platform/environments/prod/secrets";
        publicKey(env);
        gh.stubFor(put(urlPathEqualTo(env + "/X")).willReturn(aResponse().withStatus(201)));
        gh.stubFor(delete(urlPathEqualTo(env + "/OLD")).willReturn(aResponse().withStatus(204)));
        store(GithubStore.Scope.ENVIRONMENT).write(Map.of("X", "value-1234"), Set.of("OLD"), SecretStore.Progress.NONE);
        gh.verify(putRequestedFor(urlEqualTo(env + "/X")));
        gh.verify(deleteRequestedFor(urlEqualTo(env + "/OLD")));
    }

    @Test
    void listsNamesOverPages() {
        StringBuilder page1 = new StringBuilder("{\"total_count\":102,\"secrets\":[");
        for (int i = 0; i < 100; i++) {
            page1.append(i == 0 ? "" : ",").append("{\"name\":\"S").append(i)
                    .append("\",\"created_at\":\"2019-08-10T14:59:22Z\",\"updated_at\":\"2020-01-10T14:59:22Z\"}");
        }
        page1.append("]}");
        gh.stubFor(get(REPO + "?per_page=100&page=1").willReturn(aResponse().withBody(page1.toString())));
        gh.stubFor(get(REPO + "?per_page=100&page=2").willReturn(aResponse().withBody(
                "{\"total_count\":102,\"secrets\":[{\"name\":\"GH_TOKEN\"},{\"name\":\"OPENAI_API_KEY\"}]}")));
        Map<String, SecretStore.Stored> names = store(GithubStore.Scope.REPO).read(List.of());
        assertThat(names).hasSize(102).containsKeys("S0", "S99", "OPENAI_API_KEY");
        assertThat(names.get("OPENAI_API_KEY").value()).isNull();
        assertThat(names.get("OPENAI_API_KEY").fingerprint()).isNull();
    }

    @Test
    void primaryRateLimitWaitsUntilResetThenRetries() {
        gh.stubFor(get(urlPathEqualTo(REPO)).inScenario("rl").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(403).withHeader("x-ratelimit-remaining", "0")
                        .withHeader("x-ratelimit-reset", Long.toString(NOW.getEpochSecond() + 7))
                        .withBody("{\"message\":\"API rate limit exceeded\"}")).willSetStateTo("ok"));
        gh.stubFor(get(urlPathEqualTo(REPO)).inScenario("rl").whenScenarioStateIs("ok")
                .willReturn(aResponse().withBody("{\"total_count\":1,\"secrets\":[{\"name\":\"A\"}]}")));
        assertThat(store(GithubStore.Scope.REPO).read(List.of())).containsOnlyKeys("A");
        assertThat(slept).containsExactly(Duration.ofSeconds(7));
    }

    @Test
    void secondaryRateLimitHonoursRetryAfterAndGivesUpAfterThreeRetries() {
        gh.stubFor(get(urlPathEqualTo(REPO)).willReturn(aResponse().withStatus(429).withHeader("retry-after", "2")
                .withBody("{\"message\":\"You have exceeded a secondary rate limit\"}")));
        assertThatThrownBy(() -> store(GithubStore.Scope.REPO).read(List.of()))
                .isInstanceOfSatisfying(ZerofailException.class, z -> {
                    assertThat(z.exitCode()).isEqualTo(ExitCode.SERVICE_UNAVAILABLE);
                    assertThat(z.getMessage()).contains("rate limit", "3 retries");
                });
        assertThat(slept).containsExactly(Duration.ofSeconds(2), Duration.ofSeconds(2), Duration.ofSeconds(2));
    }

    @Test
    void aLongRateLimitFailsAtOnceSayingWhenToRetry() {
        gh.stubFor(get(urlPathEqualTo(REPO)).willReturn(aResponse().withStatus(403).withHeader("x-ratelimit-remaining", "0")
                .withHeader("x-ratelimit-reset", Long.toString(NOW.getEpochSecond() + 3600))));
        assertThatThrownBy(() -> store(GithubStore.Scope.REPO).read(List.of()))
                .isInstanceOfSatisfying(ZerofailException.class, z -> {
                    assertThat(z.exitCode()).isEqualTo(ExitCode.SERVICE_UNAVAILABLE);
                    assertThat(z.nextStep()).contains("2026-11-27T13:00:00Z");
                });
        assertThat(slept).isEmpty();
    }

    @Test
    void errorStatusesMapToExitCodes() {
        Map<Integer, ExitCode> expected = Map.of(401, ExitCode.SERVICE_UNAVAILABLE, 403, ExitCode.SERVICE_UNAVAILABLE,
                404, ExitCode.USAGE, 409, ExitCode.SERVICE_UNAVAILABLE, 422, ExitCode.USAGE, 500,
                ExitCode.SERVICE_UNAVAILABLE);
        expected.forEach((status, code) -> {
            gh.resetAll();
            byte[][] kp = publicKey(REPO);
            gh.stubFor(put(urlPathEqualTo(REPO + "/BAD")).willReturn(aResponse().withStatus(status)
                    .withBody("{\"message\":\"HTTP " + status + " from GitHub\",\"documentation_url\":\"https://docs\"}")));
            assertThatThrownBy(() -> store(GithubStore.Scope.REPO).write(Map.of("BAD", "value-" + status), Set.of(),
                    SecretStore.Progress.NONE)).as("HTTP %d", status).isInstanceOfSatisfying(ZerofailException.class, z -> {
                        assertThat(z.exitCode()).isEqualTo(code);
                        assertThat(z.describe()).contains("HTTP " + status).doesNotContain(TOKEN, "value-" + status);
                    });
            assertThat(kp).isNotNull();
        });
        gh.resetAll();
        gh.stubFor(get(urlPathEqualTo(REPO)).willReturn(aResponse().withStatus(401)
                .withBody("{\"message\":\"Bad credentials\"}")));
        assertThatThrownBy(() -> store(GithubStore.Scope.REPO).read(List.of()))
                .isInstanceOfSatisfying(ZerofailException.class, z -> assertThat(z.describe())
                        .contains("rejected the credential", "Bad credentials", "GITHUB_TOKEN"));
    }

    @Test
    void tokenComesFromGithubTokenOrGhTokenOnly() {
        assertThatThrownBy(() -> new GithubStore(URI.create(gh.baseUrl()), "acme", "platform", GithubStore.Scope.REPO, null,
                null, Map.of("GITHUB_PAT", TOKEN), new Redactor(), d -> { }, Clock.systemUTC()))
                .isInstanceOfSatisfying(ZerofailException.class, z -> {
                    assertThat(z.exitCode()).isEqualTo(ExitCode.SERVICE_UNAVAILABLE);
                    assertThat(z.describe()).contains("GITHUB_TOKEN and GH_TOKEN are not set");
                });
    }
}
