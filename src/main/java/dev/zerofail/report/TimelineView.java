package dev.zerofail.report;

import dev.zerofail.core.Report;
import dev.zerofail.timeline.TimelineResult;
import dev.zerofail.timeline.TimelineResult.Week;
import java.util.ArrayList;
import java.util.List;

/** {@code zerofail timeline}: a table of weeks by figures (text and Markdown), one row per week in CSV, a page in HTML. */
final class TimelineView implements ResultView<TimelineResult> {
    @Override
    public Class<TimelineResult> type() {
        return TimelineResult.class;
    }

    @Override
    public void body(TimelineResult r, Style style, StringBuilder out) {
        out.append(heading(r)).append("\n\n");
        List<List<String>> rows = rows(r);
        int[] width = new int[rows.get(0).size()];
        for (List<String> row : rows) {
            for (int i = 0; i < row.size(); i++) {
                width[i] = Math.max(width[i], row.get(i).codePointCount(0, row.get(i).length()));
            }
        }
        for (int n = 0; n < rows.size(); n++) {
            List<String> row = rows.get(n);
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.size(); i++) {
                String cell = row.get(i);
                String pad = " ".repeat(width[i] - cell.codePointCount(0, cell.length()));
                // the week left-aligned, figures right-aligned so their digits line up
                line.append(i == 0 ? cell + pad : pad + cell).append(i == row.size() - 1 ? "" : "  ");
            }
            out.append(n == 0 ? style.bold(line.toString()) : line.toString()).append('\n');
        }
        out.append('\n').append(goals(r)).append('\n');
        out.append("— nothing to measure that week (no deploy, no CI run, or no audit --record snapshot).\n\n");
    }

    @Override
    public String summaryLine(TimelineResult r, Report report, Style style) {
        long audited = r.weeks().stream().filter(w -> w.auditAt() != null).count();
        return r.weeks().size() + " week(s), " + audited + " with an audit snapshot"
                + (r.databaseExists() ? "" : "; no history database yet");
    }

    @Override
    public void markdown(TimelineResult r, StringBuilder out) {
        out.append(Markdown.esc(heading(r))).append("\n\n");
        List<List<String>> rows = rows(r);
        for (int n = 0; n < rows.size(); n++) {
            out.append("| ").append(String.join(" | ", rows.get(n).stream().map(Markdown::esc).toList())).append(" |\n");
            if (n == 0) {
                out.append("|---").append("|---:".repeat(rows.get(0).size() - 1)).append("|\n");
            }
        }
        out.append('\n').append(Markdown.esc(goals(r))).append("\n\n");
    }

    @Override
    public boolean csv(TimelineResult r, Csv csv) {
        csv.row("week", "start", "end", "partial", "deploy_attempts", "deploy_successes", "deploy_success_rate",
                "deploy_time_mean_ms", "rollbacks", "audit_at", "placeholder_secrets", "hardcoded_secrets",
                "active_workflows", "compose_files", "manual_steps", "ci_runs", "ci_failures", "ci_failure_rate");
        for (Week w : r.weeks()) {
            csv.row(w.week(), w.start(), w.end(), w.partial(), w.deployAttempts(), w.deploySuccesses(),
                    w.deploySuccessRate(), w.deployTimeMeanMs(), w.rollbacks(), w.auditAt(), w.placeholderSecrets(),
                    w.hardcodedSecrets(), w.activeWorkflows(), w.composeFiles(), w.manualSteps(), w.ciRuns(),
                    w.ciFailures(), w.ciFailureRate());
        }
        return true;
    }

    @Override
    public String html(TimelineResult r, Report report) {
        return TimelineHtml.render(r, report);
    }

    static String heading(TimelineResult r) {
        return "Environment " + r.environment() + (r.repo() == null ? "" : ", CI runs of " + r.repo())
                + "; ISO weeks in " + r.timezone() + ", up to " + r.at();
    }

    /** A header row, then a row per week: the week, then each figure (— when there is none). */
    static List<List<String>> rows(TimelineResult r) {
        List<List<String>> rows = new ArrayList<>();
        List<String> head = new ArrayList<>(List.of("week"));
        TimelineMetrics.ALL.forEach(m -> head.add(m.column()));
        rows.add(head);
        for (Week w : r.weeks()) {
            List<String> row = new ArrayList<>(List.of(w.week() + (w.partial() ? "*" : "")));
            TimelineMetrics.ALL.forEach(m -> row.add(m.format(m.of(w))));
            rows.add(row);
        }
        return rows;
    }

    static String goals(TimelineResult r) {
        List<String> goals = new ArrayList<>();
        for (TimelineMetrics.Metric m : TimelineMetrics.ALL) {
            String g = m.goalText(r);
            if (g != null) {
                goals.add(m.column() + " " + g);
            }
        }
        return "Definition of done (audit: in zerofail.yaml): " + String.join(", ", goals)
                + ". * this week, so far.";
    }
}
