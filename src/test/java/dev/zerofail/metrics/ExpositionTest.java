package dev.zerofail.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import org.junit.jupiter.api.Test;

class ExpositionTest {
    private static final MetricSnapshots ONE = MetricSnapshots.of(CounterSnapshot.builder().name("zerofail_deployments")
            .help("h").dataPoint(CounterSnapshot.CounterDataPointSnapshot.builder().labels(Labels.of("environment", "prod"))
                    .value(3).createdTimestampMillis(1_000).build()).build());

    @Test
    void prometheusTextUnlessOpenMetricsIsAccepted() {
        for (String accept : new String[] {null, "", "text/plain", "*/*", "text/plain;version=0.0.4;q=0.5,*/*;q=0.1"}) {
            Exposition e = Exposition.forAccept(accept);
            assertThat(e.contentType()).as(accept).startsWith("text/plain; version=0.0.4");
            assertThat(e.toText(ONE)).contains("zerofail_deployments_total{environment=\"prod\"} 3.0").doesNotContain("# EOF");
        }
    }

    @Test
    void openMetricsWhenAskedAsPrometheusDoes() {
        Exposition e = Exposition.forAccept("application/openmetrics-text;version=1.0.0;q=0.5,"
                + "text/plain;version=0.0.4;q=0.3,*/*;q=0.2");
        assertThat(e.contentType()).startsWith("application/openmetrics-text");
        assertThat(e.toText(ONE)).contains("# TYPE zerofail_deployments counter")
                .contains("zerofail_deployments_total{environment=\"prod\"} 3.0").endsWith("# EOF\n");
    }

    @Test
    void neitherFormatWritesCreatedTimestampsWhichDifferBetweenReplicas() {
        assertThat(Exposition.forAccept("application/openmetrics-text").toText(ONE)).doesNotContain("_created");
        assertThat(Exposition.forAccept("text/plain").toText(ONE)).doesNotContain("_created");
    }
}
