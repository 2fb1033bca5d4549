package dev.zerofail.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zerofail.core.ExitCode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class JsonTest {
    record Sample(String name, ExitCode exit, Instant at, List<String> tags, String absent) {
    }

    @Test
    void bytesAreTheSameDocumentCompactInUtf8() throws Exception {
        Sample s = new Sample("café ✓ \"quoted\"", ExitCode.SERVICE_UNAVAILABLE, Instant.parse("2026-12-02T18:00:00Z"),
                List.of("a", "b"), null);
        String compact = new String(Json.writeBytes(s), StandardCharsets.UTF_8);
        assertThat(Json.MAPPER.readTree(compact)).isEqualTo(Json.MAPPER.readTree(Json.write(s)));
        assertThat(compact).isEqualTo("{\"name\":\"café ✓ \\\"quoted\\\"\",\"exit\":" + ExitCode.SERVICE_UNAVAILABLE.code()
                + ",\"at\":\"2026-12-02T18:00:00Z\",\"tags\":[\"a\",\"b\"]}\n");
    }
}
