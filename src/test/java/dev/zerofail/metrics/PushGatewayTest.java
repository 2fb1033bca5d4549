package dev.zerofail.metrics;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.zerofail.core.ExitCode;
import dev.zerofail.core.ZerofailException;
import dev.zerofail.history.HistoryStore;
import dev.zerofail.history.JdbcHistoryStore;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The Pushgateway's API (PUT /metrics/job/J/LABEL/VALUE…, text format) against WireMock. */
class PushGatewayTest {
    @RegisterExtension
    static WireMockExtension gw = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort().bindAddress("127.0.0.1")).build();

    @TempDir
    Path dir;

    @Test
    void putsTheServicesMetricsUnderItsGroupingKeyWithoutAnInstanceLabel() throws Exception {
        gw.stubFor(put(urlEqualTo("/metrics/job/zerofail/environment/prod/service/web")).willReturn(aResponse().withStatus(200)));
        String url = "jdbc:sqlite:" + dir.resolve("h.db");
        try (HistoryStore store = JdbcHistoryStore.open(url, null, null, DeployMetricsTest.CLOCK, JdbcHistoryStore.DEFAULT_LEASE)) {
            new KnownHistory(store, DeployMetricsTest.NOW).write(url);
            DeployMetrics m = DeployMetrics.forService(store, "prod", "shop", "web", "1.0", DeployMetricsTest.CLOCK);
            new PushGateway(gw.baseUrl() + "/", HttpClient.newHttpClient()).push("prod", "web", m.scrape(List.of(), null));
        }
        List<LoggedRequest> sent = gw.findAll(putRequestedFor(urlEqualTo("/metrics/job/zerofail/environment/prod/service/web"))
                .withHeader("Content-Type", containing("text/plain; version=0.0.4")));
        assertThat(sent).hasSize(1);
        String body = sent.get(0).getBodyAsString();
        assertThat(DeployMetricsTest.value(DeployMetricsTest.samples(body), "zerofail_deployments_total",
                "environment=\"prod\",service=\"web\",kind=\"emergency\",result=\"succeeded\"")).isEqualTo(1);
        assertThat(body).doesNotContain("instance=").doesNotContain("service=\"api\"");
    }

    @Test
    void aLabelValueWithASlashUsesTheBase64Form() {
        PushGateway p = new PushGateway("http://127.0.0.1:9091", HttpClient.newHttpClient());
        assertThat(p.groupUri("prod", "a/b").toString())
                .isEqualTo("http://127.0.0.1:9091/metrics/job/zerofail/environment/prod/service/YS9i@base64");
    }

    @Test
    void aRefusedPushIsAnErrorNamingTheGateway() {
        gw.stubFor(put(urlEqualTo("/metrics/job/zerofail/environment/prod/service/api"))
                .willReturn(aResponse().withStatus(400).withBody("pushed metrics are invalid")));
        PushGateway p = new PushGateway(gw.baseUrl(), HttpClient.newHttpClient());
        assertThatThrownBy(() -> p.push("prod", "api", io.prometheus.metrics.model.snapshots.MetricSnapshots.of()))
                .isInstanceOf(ZerofailException.class).hasMessageContaining("400").hasMessageContaining("pushed metrics are invalid")
                .satisfies(e -> assertThat(((ZerofailException) e).exitCode()).isEqualTo(ExitCode.SERVICE_UNAVAILABLE));
    }

    @Test
    void notAnHttpUrlIsAUsageError() {
        for (String bad : List.of("ftp://x", "localhost:9091", "http://")) {
            assertThatThrownBy(() -> PushGateway.check(bad)).isInstanceOf(ZerofailException.class)
                    .hasMessageContaining("http(s)").satisfies(e -> assertThat(((ZerofailException) e).exitCode()).isEqualTo(ExitCode.USAGE));
        }
    }

    @Test
    void aPasswordInTheUrlNeverReachesAnErrorMessage() throws Exception {
        String planted = "Pgw-pl4nted-S3cret";
        dev.zerofail.RefusedPort refused = new dev.zerofail.RefusedPort();
        PushGateway p = new PushGateway("http://ops:" + planted + "@127.0.0.1:" + refused.port(), HttpClient.newHttpClient());
        assertThatThrownBy(() -> p.push("prod", "api", io.prometheus.metrics.model.snapshots.MetricSnapshots.of()))
                .isInstanceOf(ZerofailException.class).satisfies(e -> assertThat(((ZerofailException) e).describe()).doesNotContain(planted)
                        .contains("--pushgateway http://ops:"));
        assertThatThrownBy(() -> PushGateway.check("ftp://ops:" + planted + "@host"))
                .satisfies(e -> assertThat(((ZerofailException) e).describe()).doesNotContain(planted));
        refused.close();
    }
}
