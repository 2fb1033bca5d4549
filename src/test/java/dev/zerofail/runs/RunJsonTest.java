package dev.zerofail.runs;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class RunJsonTest {
    @Test
    void theFastUtcReaderAgreesWithInstantParseAndDeclinesTheRest() {
        for (String s : new String[] {"2026-11-20T10:00:00Z", "2024-02-29T23:59:59Z", "1970-01-01T00:00:00Z",
            "2026-11-20T10:00:00.1Z", "2026-11-20T10:00:00.1234567Z", "2026-11-20T10:00:00.123456789Z"}) {
            assertThat(RunJson.utc(s)).as(s).isEqualTo(Instant.parse(s));
        }
        for (String s : new String[] {"2026-11-20T10:00:00+02:00", "2026-13-20T10:00:00Z", "2026-02-30T10:00:00Z",
            "2026-11-20 10:00:00Z", "2026-11-20T10:00:00.Z", "2026-11-20T24:00:00Z", "yesterday"}) {
            assertThat(RunJson.utc(s)).as(s).isNull();
        }
    }
}
