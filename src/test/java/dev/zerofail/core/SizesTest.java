package dev.zerofail.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SizesTest {
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
