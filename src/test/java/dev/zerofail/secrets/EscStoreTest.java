package dev.zerofail.secrets;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.patchRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.zerofail.core.ExitCode;
import dev.zerofail.core.ZerofailException;
import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Pulumi ESC against WireMock answering in the shapes of the ESC API (sdk/swagger.yaml of esc-sdk). */
class EscStoreTest {
    static final String TOKEN = "pul-0123456789abcdef0123456789abcdef01234567";
    static final String ENV = "/api/esc/environments/acme/platform/prod";
    static final String OPENAI = "sk-proj-Abc123Def456Ghi789Jkl012Mno345Pqr678";
    static final String DEFINITION = """
            # owned by the platform team
            imports:
              - acme/base
            values:
              acme:
                ai:
                  openai_api_key:
                    fn::secret:
                      ciphertext: ZXNjeAAAAAEAAAEAexistingciphertext
                region: eu-west-1 # stays
              environmentVariables:
                OPENAI_API_KEY: ${acme.ai.openai_api_key}
            """;

    @RegisterExtension
    static WireMockExtension esc = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()
            .bindAddress("127.0.0.1")).build();

    static EscStore store(Redactor redactor) {
        return new EscStore(URI.create(esc.baseUrl()), "acme", "platform", "prod", Map.of("PULUMI_ACCESS_TOKEN", TOKEN),
                redactor, d -> { }, Clock.systemUTC());
    }

    static void definition(String etag) {
        esc.stubFor(get(ENV).willReturn(aResponse().withHeader("Content-Type", "application/x-yaml")
                .withHeader("ETag", etag).withBody(DEFINITION)));
    }

    @Test
    void readsValuesFromAnOpenedEnvironment() {
        definition("\"v7\"");
        esc.stubFor(post(urlPathEqualTo(ENV + "/open")).willReturn(aResponse().withHeader("Content-Type", "application/json")
                .withBody("{\"id\":\"42562\",\"diagnostics\":{\"diagnostics\":[]}}")));
        esc.stubFor(get(ENV + "/open/42562").willReturn(aResponse().withHeader("Content-Type", "application/json")
                .withBody("{\"properties\":{\"acme\":{\"value\":{\"ai\":{\"value\":{\"openai_api_key\":{\"value\":\""
                        + OPENAI + "\",\"secret\":true,\"trace\":{}}},\"trace\":{}},\"region\":{\"value\":\"eu-west-1\","
                        + "\"trace\":{}}},\"trace\":{}}}}")));
        Map<String, SecretStore.Stored> read = store(new Redactor()).read(List.of("acme.ai.openai_api_key", "acme.db.password",
                "acme.region"));
        assertThat(read).containsOnlyKeys("acme.ai.openai_api_key", "acme.region");
        assertThat(read.get("acme.ai.openai_api_key").value()).isEqualTo(OPENAI);
        esc.verify(getRequestedFor(urlEqualTo(ENV)).withHeader("Authorization", equalTo("token " + TOKEN)));
    }

    @Test
    void writesWithIfMatchKeepingTheRestOfTheDefinition() {
        definition("\"v7\"");
        esc.stubFor(patch(urlEqualTo(ENV)).willReturn(aResponse().withHeader("Content-Type", "application/json")
                .withBody("{\"diagnostics\":[]}")));
        store(new Redactor()).write(Map.of("acme.ai.openai_api_key", OPENAI, "acme.db.password", "pw\"with'quotes"),
                Set.of("acme.region"), SecretStore.Progress.NONE);
        var requests = esc.findAll(patchRequestedFor(urlEqualTo(ENV)).withHeader("If-Match", equalTo("\"v7\""))
                .withHeader("Content-Type", containing("application/x-yaml")));
        assertThat(requests).hasSize(1);
        String body = requests.get(0).getBodyAsString();
        assertThat(body).contains("# owned by the platform team", "acme/base", "environmentVariables",
                "${acme.ai.openai_api_key}", "fn::secret").doesNotContain("existingciphertext", "eu-west-1");
        Map<?, ?> values = (Map<?, ?>) ((Map<?, ?>) new org.snakeyaml.engine.v2.api.Load(
                org.snakeyaml.engine.v2.api.LoadSettings.builder().build()).loadFromString(body)).get("values");
        Map<?, ?> acme = (Map<?, ?>) values.get("acme");
        assertThat(((Map<?, ?>) ((Map<?, ?>) acme.get("ai")).get("openai_api_key")).get("fn::secret")).isEqualTo(OPENAI);
        assertThat(((Map<?, ?>) ((Map<?, ?>) acme.get("db")).get("password")).get("fn::secret")).isEqualTo("pw\"with'quotes");
    }

    @Test
    void anEtagConflictIsRetriedOnceOnTheNewDefinition() {
        esc.stubFor(get(ENV).inScenario("c").whenScenarioStateIs(Scenario.STARTED).willReturn(aResponse()
                .withHeader("ETag", "\"v7\"").withBody(DEFINITION)));
        esc.stubFor(patch(urlEqualTo(ENV)).inScenario("c").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(409).withBody("{\"message\":\"Conflict\",\"code\":409}"))
                .willSetStateTo("changed"));
        esc.stubFor(get(ENV).inScenario("c").whenScenarioStateIs("changed").willReturn(aResponse()
                .withHeader("ETag", "\"v8\"").withBody(DEFINITION + "  added: by-someone-else\n")));
        esc.stubFor(patch(urlEqualTo(ENV)).inScenario("c").whenScenarioStateIs("changed")
                .withHeader("If-Match", equalTo("\"v8\"")).willReturn(aResponse().withBody("{}")));
        store(new Redactor()).write(Map.of("acme.ai.openai_api_key", OPENAI), Set.of(), SecretStore.Progress.NONE);
        var patches = esc.findAll(patchRequestedFor(urlEqualTo(ENV)));
        assertThat(patches).hasSize(2);
        assertThat(patches.get(1).getBodyAsString()).contains("by-someone-else");
    }

    @Test
    void aSecondConflictIsExit3AndSaysNothingWasWritten() {
        definition("\"v7\"");
        esc.stubFor(patch(urlEqualTo(ENV)).willReturn(aResponse().withStatus(409).withBody("{\"message\":\"Conflict\"}")));
        assertThatThrownBy(() -> store(new Redactor()).write(Map.of("a.b", OPENAI), Set.of(), SecretStore.Progress.NONE))
                .isInstanceOfSatisfying(ZerofailException.class, z -> {
                    assertThat(z.exitCode()).isEqualTo(ExitCode.SERVICE_UNAVAILABLE);
                    assertThat(z.getMessage()).contains("409", "nothing was written").doesNotContain(OPENAI);
                });
    }

    @Test
    void rejectedTokenIsExit3WithoutTheToken() {
        esc.stubFor(get(ENV).willReturn(aResponse().withStatus(401)
                .withBody("{\"message\":\"Unauthorized: bad token " + TOKEN + "\",\"code\":401}")));
        assertThatThrownBy(() -> store(new Redactor()).read(List.of("a.b")))
                .isInstanceOfSatisfying(ZerofailException.class, z -> {
                    assertThat(z.exitCode()).isEqualTo(ExitCode.SERVICE_UNAVAILABLE);
                    assertThat(z.describe()).contains("rejected the credential", "PULUMI_ACCESS_TOKEN").doesNotContain(TOKEN);
                });
    }

    @Test
    void unknownEnvironmentIsAUsageErrorAndForbiddenIsExit3() {
        esc.stubFor(get(ENV).willReturn(aResponse().withStatus(404).withBody("{\"message\":\"Not Found\",\"code\":404}")));
        assertThatThrownBy(() -> store(new Redactor()).read(List.of("a.b")))
                .isInstanceOfSatisfying(ZerofailException.class, z -> assertThat(z.exitCode()).isEqualTo(ExitCode.USAGE));
        esc.stubFor(get(ENV).willReturn(aResponse().withStatus(403).withBody("{\"message\":\"Forbidden\",\"code\":403}")));
        assertThatThrownBy(() -> store(new Redactor()).read(List.of("a.b")))
                .isInstanceOfSatisfying(ZerofailException.class, z -> assertThat(z.exitCode())
                        .isEqualTo(ExitCode.SERVICE_UNAVAILABLE));
    }

    @Test
    void diagnosticsAreShownScrubbedOfValues() {
        definition("\"v1\"");
        esc.stubFor(patch(urlEqualTo(ENV)).willReturn(aResponse().withStatus(400).withBody(
                "{\"diagnostics\":[{\"summary\":\"unexpected value " + OPENAI + " at values.x\"}]}")));
        Redactor r = new Redactor().add(OPENAI);
        assertThatThrownBy(() -> store(r).write(Map.of("x", OPENAI), Set.of(), SecretStore.Progress.NONE))
                .isInstanceOfSatisfying(ZerofailException.class, z -> {
                    assertThat(z.exitCode()).isEqualTo(ExitCode.USAGE);
                    assertThat(z.describe()).contains("unexpected value", "at values.x").doesNotContain(OPENAI);
                });
    }

    @Test
    void missingTokenIsExit3NamingTheVariable() {
        assertThatThrownBy(() -> new EscStore(URI.create(esc.baseUrl()), "acme", "platform", "prod", Map.of(),
                new Redactor(), d -> { }, Clock.systemUTC())).isInstanceOfSatisfying(ZerofailException.class, z -> {
                    assertThat(z.exitCode()).isEqualTo(ExitCode.SERVICE_UNAVAILABLE);
                    assertThat(z.describe()).contains("PULUMI_ACCESS_TOKEN");
                });
        assertThat(esc.getAllServeEvents()).isEmpty();
    }
}
