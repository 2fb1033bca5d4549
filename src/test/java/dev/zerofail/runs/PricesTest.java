package dev.zerofail.runs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.zerofail.core.ConfigNode;
import dev.zerofail.core.ExitCode;
import dev.zerofail.core.ZerofailException;
import java.util.List;
import org.junit.jupiter.api.Test;

class PricesTest {
    @Test
    void theRunnerComesFromTheLabels() {
        assertThat(Prices.sku(List.of("ubuntu-latest"))).isEqualTo("linux");
        assertThat(Prices.sku(List.of())).isEqualTo("linux");
        assertThat(Prices.sku(List.of("ubuntu-22.04-16core"))).isEqualTo("linux-16-core");
        assertThat(Prices.sku(List.of("ubuntu-latest-4-cores"))).isEqualTo("linux-4-core");
        assertThat(Prices.sku(List.of("windows-2022"))).isEqualTo("windows");
        assertThat(Prices.sku(List.of("windows-latest-8-cores"))).isEqualTo("windows-8-core");
        assertThat(Prices.sku(List.of("macos-14"))).isEqualTo("macos");
        assertThat(Prices.sku(List.of("macos-14-large"))).isEqualTo("macos-large");
        assertThat(Prices.sku(List.of("macos-latest-xlarge"))).isEqualTo("macos-xlarge");
        assertThat(Prices.sku(List.of("self-hosted", "linux", "x64"))).isEqualTo("self-hosted");
    }

    @Test
    void defaultsAreGithubsPublishedPricesAndAnUnknownSizeFallsBackToItsOs() {
        Prices p = Prices.defaults();
        assertThat(p.price("linux")).isEqualByComparingTo("0.006");
        assertThat(p.price("windows")).isEqualByComparingTo("0.010");
        assertThat(p.price("macos")).isEqualByComparingTo("0.062");
        assertThat(p.price("self-hosted")).isZero();
        assertThat(p.known("linux-12-core")).isFalse();
        assertThat(p.price("linux-12-core")).isEqualByComparingTo("0.006");
    }

    @Test
    void configOverridesAndRefusesWhatItDoesNotKnow() {
        Prices p = Prices.from(ConfigNode.parse("zerofail.yaml", "prices:\n  linux-12-core: 0.03\n  macos: 0.08\n"));
        assertThat(p.price("linux-12-core")).isEqualByComparingTo("0.03");
        assertThat(p.price("macos")).isEqualByComparingTo("0.08");
        assertThat(p.price("linux")).isEqualByComparingTo("0.006");
        assertThatThrownBy(() -> Prices.from(ConfigNode.parse("zerofail.yaml", "prices:\n  arm: 0.01\n")))
                .isInstanceOfSatisfying(ZerofailException.class, e -> {
                    assertThat(e.exitCode()).isEqualTo(ExitCode.USAGE);
                    assertThat(e.describe()).contains("zerofail.yaml:2").contains("unknown runner 'arm'");
                });
        assertThatThrownBy(() -> Prices.from(ConfigNode.parse("zerofail.yaml", "prices:\n  linux: cheap\n")))
                .hasMessageContaining("expected dollars per minute");
        assertThatThrownBy(() -> Prices.from(ConfigNode.parse("zerofail.yaml", "price: {}\n")))
                .isInstanceOf(ZerofailException.class);
    }
}
