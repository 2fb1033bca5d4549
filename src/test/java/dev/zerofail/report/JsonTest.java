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
    void bytesAreTheTextInUtf8WithTheSameConventions() {
        Sample s = new Sample("café ✓ \"quoted\"", ExitCode.SERVICE_UNAVAILABLE, Instant.parse("2026-12-02T18:00:00Z"),
                List.of("a", "b"), null);
        byte[] bytes = Json.writeBytes(s);
        assertThat(new String(bytes, StandardCharsets.UTF_8)).isEqualTo(Json.write(s))
                .contains("\"name\" : \"café ✓ \\\"quoted\\\"\"")
                .contains("\"exit\" : " + ExitCode.SERVICE_UNAVAILABLE.code())
                .contains("\"at\" : \"2026-12-02T18:00:00Z\"")
                .doesNotContain("absent")
                .endsWith("}\n");
    }
}
