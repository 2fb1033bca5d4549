package dev.zerofail.metrics;

import io.prometheus.metrics.expositionformats.ExpositionFormatWriter;
import io.prometheus.metrics.expositionformats.OpenMetricsTextFormatWriter;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.io.IOException;
import java.io.OutputStream;

/**
 * The format a scraper asked for by its Accept header: OpenMetrics when it accepts
 * {@code application/openmetrics-text}, else the Prometheus text format (0.0.4). Both writers are
 * client_java's; created timestamps are off, since a value's creation time is this process's and
 * replicas must expose the same text.
 */
public final class Exposition {
    private final ExpositionFormatWriter writer;

    private Exposition(ExpositionFormatWriter writer) {
        this.writer = writer;
    }

    public static Exposition forAccept(String accept) {
        OpenMetricsTextFormatWriter om = OpenMetricsTextFormatWriter.builder().setCreatedTimestampsEnabled(false).build();
        if (accept != null && om.accepts(accept)) {
            return new Exposition(om);
        }
        return new Exposition(PrometheusTextFormatWriter.builder().setIncludeCreatedTimestamps(false).build());
    }

    /** For the Content-Type header. */
    public String contentType() {
        return writer.getContentType();
    }

    public void write(OutputStream out, MetricSnapshots metrics) throws IOException {
        writer.write(out, metrics);
    }

    public String toText(MetricSnapshots metrics) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        try {
            write(out, metrics);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return out.toString(java.nio.charset.StandardCharsets.UTF_8);
    }
}
