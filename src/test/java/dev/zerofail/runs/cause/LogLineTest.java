package dev.zerofail.runs.cause;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LogLineTest {
    @Test
    void githubsTimestampPrefixIsCutWithItsBlank() {
        assertThat(LogLine.withoutTimestamp("2024-05-01T10:00:13.1234567Z ##[error]Process completed with exit code 1."))
                .isEqualTo("##[error]Process completed with exit code 1.");
        assertThat(LogLine.withoutTimestamp("2024-05-01T10:00:13Z npm ERR! code E404")).isEqualTo("npm ERR! code E404");
        assertThat(LogLine.withoutTimestamp("\uFEFF2024-05-01T10:00:13.1Z Current runner version: '2.316.0'"))
                .isEqualTo("Current runner version: '2.316.0'");
        assertThat(LogLine.withoutTimestamp("2024-05-01T10:00:13.1Z")).isEmpty();
    }

    @Test
    void linesWithoutAWholeTimestampStayAsTheyAre() {
        for (String line : new String[] {"", "error: x", "2024-05-01 10:00:13 error", "2024-05-01T10:00:13.12 no zone",
                "2024-5-01T10:00:13Z short month", "abcd-05-01T10:00:13Z letters", "\uFEFFplain first line"}) {
            assertThat(LogLine.timestampLength(line)).as(line).isZero();
            assertThat(LogLine.withoutTimestamp(line)).isSameAs(line);
        }
    }
}
