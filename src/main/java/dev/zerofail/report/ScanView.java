package dev.zerofail.report;

import dev.zerofail.core.Durations;
import dev.zerofail.core.Report;
import dev.zerofail.core.Sizes;
import dev.zerofail.scan.ScanResult;
import dev.zerofail.scan.ScanStats;
import java.time.Duration;

/** {@code zerofail scan}: the findings, then "N finding(s), P placeholders, … in T s". */
final class ScanView implements ResultView<ScanResult> {
    @Override
    public Class<ScanResult> type() {
        return ScanResult.class;
    }

    @Override
    public String summaryLine(ScanResult r, Report report, Style style) {
        return line(r, report, style);
    }

    /** Shared with the audit, whose last line describes the files its scan read. */
    static String line(ScanResult r, Report report, Style style) {
        ScanStats s = r.stats();
        StringBuilder sb = new StringBuilder(Views.findingCount(report, style));
        sb.append(", ").append(r.placeholders()).append(" placeholders, ").append(r.secrets()).append(" secrets");
        if (r.baselined() != null) {
            sb.append(", ").append(r.baselined()).append(" baselined");
        }
        sb.append(", ").append(s.files()).append(" files");
        if (s.commits() > 0) {
            sb.append(", ").append(s.commits()).append(" commits");
        }
        sb.append(", ").append(Sizes.format(s.bytes()));
        sb.append(" in ").append(Durations.seconds(Duration.ofMillis(s.elapsedMs()), 2));
        return sb.toString();
    }
}
