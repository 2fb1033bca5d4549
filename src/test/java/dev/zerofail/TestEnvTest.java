package dev.zerofail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.BindException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The test helpers that keep tests honest: the CI decision, waiting on conditions, a refused port. */
class TestEnvTest {
    @ParameterizedTest
    @ValueSource(strings = {"true", "TRUE", "True", "1", "yes", "YES", "Yes", " true ", "yes\n"})
    void theseValuesOfCiMeanCi(String value) {
        assertThat(TestEnv.isCi(value)).isTrue();
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", " ", "false", "0", "no", "off", "y", "on", "truee", "2", "ci"})
    void anythingElseIsNotCi(String value) {
        assertThat(TestEnv.isCi(value)).isFalse();
    }

    /** scripts/services and scripts/test decide "CI?" with their own is_ci; it must agree with TestEnv. */
    @ParameterizedTest
    @ValueSource(strings = {"scripts/services", "scripts/test"})
    void theScriptsReadCiTheSameWay(String script) throws Exception {
        List<String> values = List.of("true", "TRUE", "Yes", "1", " true ", "yes\n", "", "false", "0", "no", "off",
                "truee", "t rue", "2");
        for (String value : values) {
            ProcessBuilder pb = new ProcessBuilder("bash", "-c",
                    "set -euo pipefail; eval \"$(sed -n '/^is_ci() {/,/^}/p' \"$0\")\"; declare -F is_ci >/dev/null || exit 9; "
                            + "if is_ci; then echo ci; else echo not; fi", script).redirectErrorStream(true);
            pb.environment().put("CI", value);
            Process p = pb.start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).as("%s defines is_ci: %s", script, out).isZero();
            assertThat(out).as("%s with CI=[%s]", script, value).isEqualTo(TestEnv.isCi(value) ? "ci" : "not");
        }
    }

    @Test
    void awaitReturnsAsSoonAsTheConditionHolds() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        long t0 = System.nanoTime();
        int v = Await.value("the third call", Duration.ofSeconds(30), calls::incrementAndGet, n -> n >= 3);
        assertThat(v).isEqualTo(3);
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(10));
    }

    @Test
    void awaitFailsAtTheDeadlineNamingWhatAndTheLastError() {
        assertThatThrownBy(() -> Await.until("a service that never comes", Duration.ofMillis(200), () -> {
            throw new IllegalStateException("connection refused");
        })).isInstanceOf(AssertionError.class).hasMessageContaining("waited 0.2s for a service that never comes")
                .hasMessageContaining("connection refused");
    }

    @Test
    void aPortForAnotherProcessIsFreeAndBelowTheEphemeralRange() throws Exception {
        int port = Ports.forAnotherProcess();
        assertThat(port).isBetween(Ports.LOW, Ports.ephemeralLow() - 1);
        new ServerSocket(port, 1, InetAddress.getLoopbackAddress()).close();
    }

    @Test
    void aRefusedPortRefusesAndCannotBeTakenWhileHeld() throws Exception {
        try (RefusedPort refused = new RefusedPort()) {
            assertThat(refused.port()).isPositive();
            assertThatThrownBy(() -> new Socket(InetAddress.getLoopbackAddress(), refused.port()).close())
                    .isInstanceOf(ConnectException.class).hasMessageContaining("refused");
            assertThatThrownBy(() -> new ServerSocket(refused.port(), 1, InetAddress.getLoopbackAddress()).close())
                    .isInstanceOf(BindException.class);
        }
    }
}
