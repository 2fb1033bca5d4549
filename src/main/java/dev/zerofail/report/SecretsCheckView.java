package dev.zerofail.report;

import dev.zerofail.core.Report;
import dev.zerofail.secrets.SecretsCheckResult;

/** {@code secrets check}: the findings, then "N finding(s), S secrets, F files". */
final class SecretsCheckView implements ResultView<SecretsCheckResult> {
    @Override
    public Class<SecretsCheckResult> type() {
        return SecretsCheckResult.class;
    }

    @Override
    public String summaryLine(SecretsCheckResult r, Report report, Style style) {
        return Views.findingCount(report, style) + ", " + r.secrets() + " secrets, " + r.files() + " files";
    }
}
