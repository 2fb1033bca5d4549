package dev.zerofail.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SizesTest {
    /** The summary line's numbers without a Formatter: the digits String.format gives, for what sizes and timings produce. */
    @Test
    void fixedDecimalsAreWhatStringFormatPrints() {
        java.util.Random random = new java.util.Random(16);
        java.util.List<Double> values = new java.util.ArrayList<>(java.util.List.of(0.0, 0.05, 0.15, 0.25, 0.35, 0.45, 1.005,
                2.675, 0.125, 9.995, 99.95, 1023.5, 0.5, 1.5, 2.5, 1e9, 123456789.123));
        for (int i = 0; i < 20_000; i++) {
            values.add(random.nextInt(5_000_000) / 1000.0);          // a duration in seconds, from milliseconds
            values.add(random.nextLong(1L << 40) / 1024.0);           // a size in KB
            values.add(random.nextLong(1L << 45) / (double) (1 << 20)); // a size in MB
            values.add(random.nextDouble() * 1000);
        }
        for (double v : values) {
            for (int d = 0; d <= 2; d++) {
                assertThat(Sizes.fixed(v, d)).as("%s, %d decimals", v, d).isEqualTo(String.format(java.util.Locale.ROOT, "%." + d + "f", v));
            }
        }
        assertThat(Sizes.format(30 * 1024 + 300)).isEqualTo("30 KB");
        assertThat(Sizes.format(40L << 20)).isEqualTo("40.0 MB");
    }

    @Test
    void oneSpellingForConfigFlagsAndComposeFiles() {
        assertThat(Sizes.parse("1024", "x")).isEqualTo(1024L);
        assertThat(Sizes.parse("512k", "x")).isEqualTo(512L * 1024);
        assertThat(Sizes.parse("25MB", "x")).isEqualTo(25L << 20);
        assertThat(Sizes.parse("25mb", "x")).isEqualTo(25L << 20);
        assertThat(Sizes.parse("100 MiB", "x")).isEqualTo(100L << 20);
        assertThat(Sizes.parse(" 1.5g ", "x")).isEqualTo(3L << 29);
        assertThat(Sizes.parse("2T", "x")).isEqualTo(2L << 40);
        assertThat(Sizes.parse("1p", "x")).isEqualTo(1L << 50);
        assertThat(Sizes.parse("7b", "x")).isEqualTo(7L);
    }

    @Test
    void aBadSizeIsAUsageErrorNamingWhereAndWhat() {
        for (String bad : new String[] {"lots", "", "-5", "5 XB", "MB", "1,5M", "5MBs"}) {
            assertThatThrownBy(() -> Sizes.parse(bad, "zerofail.yaml:7 scan.max-file-size")).as(bad)
                    .isInstanceOf(ZerofailException.class)
                    .satisfies(e -> assertThat(((ZerofailException) e).where()).isEqualTo("zerofail.yaml:7 scan.max-file-size"))
                    .hasMessageContaining("expected a size like 512M, 25MB or 1G, got '" + bad + "'")
                    .satisfies(e -> assertThat(((ZerofailException) e).exitCode()).isEqualTo(ExitCode.USAGE));
        }
        assertThatThrownBy(() -> Sizes.parse("x".repeat(60), "x")).hasMessageContaining("'" + "x".repeat(40) + "…'");
        assertThatThrownBy(() -> Sizes.parse("9000000P", "x")).hasMessageContaining("got '9000000P'");
    }

    @Test
    void formatsForPeople() {
        assertThat(Sizes.format(48_000)).isEqualTo("47 KB");
        assertThat(Sizes.format(12_900_000)).isEqualTo("12.3 MB");
    }
}
