package dev.zerofail.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class DurationsTest {
    @Test
    void zerofailsSpelling() {
        assertThat(Durations.parse("250ms", "x")).isEqualTo(Duration.ofMillis(250));
        assertThat(Durations.parse("2s", "x")).isEqualTo(Duration.ofSeconds(2));
        assertThat(Durations.parse("1m", "x")).isEqualTo(Duration.ofMinutes(1));
        assertThat(Durations.parse(" 1m30s ", "x")).isEqualTo(Duration.ofSeconds(90));
        assertThat(Durations.parse("1.5s", "x")).isEqualTo(Duration.ofMillis(1500));
        assertThat(Durations.parse("1h1ms", "x")).isEqualTo(Duration.ofHours(1).plusMillis(1));
        assertThat(Durations.parse("0.0005s", "x")).isEqualTo(Duration.ofMillis(1));
    }

    @Test
    void zerofailsSpellingRejectsWhatItDoesNotKnowNamingWhere() {
        for (String bad : new String[] {"2", "2sx", "", "soon", "1d", "500us", ".5s", "-1s", "1 s", "s"}) {
            assertThatThrownBy(() -> Durations.parse(bad, "zerofail.yaml:3 health.timeout")).as(bad)
                    .isInstanceOf(ZerofailException.class)
                    .satisfies(e -> assertThat(((ZerofailException) e).where()).isEqualTo("zerofail.yaml:3 health.timeout"))
                    .hasMessageContaining("expected a duration like 250ms, 2s or 1m, got '" + bad + "'")
                    .satisfies(e -> assertThat(((ZerofailException) e).exitCode()).isEqualTo(ExitCode.USAGE));
        }
        assertThatThrownBy(() -> Durations.parse(null, "--wait")).isInstanceOf(ZerofailException.class);
    }

    @Test
    void goSpellingAsDockerReadsComposeFiles() {
        assertThat(Durations.parseGo("1m30s")).hasValue(90_000_000_000L);
        assertThat(Durations.parseGo("1500ms")).hasValue(1_500_000_000L);
        assertThat(Durations.parseGo("10us")).hasValue(10_000L);
        assertThat(Durations.parseGo("10µs")).hasValue(10_000L);
        assertThat(Durations.parseGo("3ns")).hasValue(3L);
        assertThat(Durations.parseGo(".5s")).hasValue(500_000_000L);
        assertThat(Durations.parseGo("1.5h")).hasValue(5_400_000_000_000L);
        assertThat(Durations.parseGo("0")).hasValue(0L);
        for (String bad : new String[] {"", "5", ".s", "soon", "1d", "1s2", "-1s"}) {
            assertThat(Durations.parseGo(bad)).as(bad).isEqualTo(OptionalLong.empty());
        }
    }

    @Test
    void aTimeBack() {
        assertThat(Durations.parseAgo("30m")).hasValue(Duration.ofMinutes(30));
        assertThat(Durations.parseAgo("12H")).hasValue(Duration.ofHours(12));
        assertThat(Durations.parseAgo("7 d")).hasValue(Duration.ofDays(7));
        assertThat(Durations.parseAgo("2w")).hasValue(Duration.ofDays(14));
        assertThat(Durations.parseAgo("2026-11-01")).isEqualTo(Optional.empty());
        assertThat(Durations.parseAgo("1.5d")).isEqualTo(Optional.empty());
        assertThat(Durations.parseAgo("5s")).isEqualTo(Optional.empty());
    }

    @Test
    void formats() {
        assertThat(Durations.format(Duration.ofMillis(250))).isEqualTo("250ms");
        assertThat(Durations.format(Duration.ofSeconds(2))).isEqualTo("2s");
        assertThat(Durations.format(Duration.ofMillis(1500))).isEqualTo("1.5s");
        assertThat(Durations.parse(Durations.format(Duration.ofMillis(1500)), "x")).isEqualTo(Duration.ofMillis(1500));
        assertThat(Durations.seconds(Duration.ofMillis(40), 2)).isEqualTo("0.04 s");
        assertThat(Durations.elapsed(Duration.ofMillis(12_480))).isEqualTo("12.5 s");
        assertThat(Durations.elapsed(Duration.ofSeconds(185))).isEqualTo("3m05s");
    }
}
