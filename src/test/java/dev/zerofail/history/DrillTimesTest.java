package dev.zerofail.history;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class DrillTimesTest {
    private static final Instant T = Instant.parse("2026-12-01T10:00:00Z");

    private static DeployEvent e(long ms, String phase) {
        return new DeployEvent(1, T.plusMillis(ms), phase, "-");
    }

    @Test
    void detectionAndRestoreComeFromTheFirstEventOfEachPhase() {
        DrillTimes t = DrillTimes.of(List.of(e(0, "started"), e(900, "updating"), e(2100, "check-failed"), e(2250, "rollback-started"),
                e(2300, "rollback-retry"), e(2400, "rollback-started"), e(5100, "rolled-back"), e(5200, "rolled-back")));
        assertThat(t.firstFailedCheck()).isEqualTo(T.plusMillis(2100));
        assertThat(t.detectionMs()).isEqualTo(150);
        assertThat(t.restoreMs()).isEqualTo(5100 - 2250);
    }

    @Test
    void aMissingEventLeavesItsFigureOutAndAClockAheadCountsAsZero() {
        DrillTimes undetected = DrillTimes.of(List.of(e(0, "started"), e(4000, "rollback-started"), e(6000, "rolled-back")));
        assertThat(undetected.detectionMs()).isNull();
        assertThat(undetected.restoreMs()).isEqualTo(2000);
        assertThat(DrillTimes.of(List.of(e(10, "rollback-started"))).restoreMs()).isNull();
        // the daemon's probe stamp a moment after zerofail's own reading of the same failure
        assertThat(DrillTimes.of(List.of(e(2300, "check-failed"), e(2250, "rollback-started"))).detectionMs()).isZero();
    }
}
