package dev.zerofail.report;

import dev.zerofail.core.Report;
import dev.zerofail.scan.ScanResult;
import dev.zerofail.scan.ScanStats;
import java.util.Locale;

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
        double b = s.bytes();
        sb.append(b >= 1 << 20 ? String.format(Locale.ROOT, ", %.1f MB", b / (1 << 20))
                : String.format(Locale.ROOT, ", %.0f KB", b / 1024));
        sb.append(String.format(Locale.ROOT, " in %.2f s", s.elapsedMs() / 1000.0));
        return sb.toString();
    }
}
