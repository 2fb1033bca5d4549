package dev.zerofail.report;

import dev.zerofail.core.Report;
import dev.zerofail.core.Result;

/**
 * {@code --format html}: a self-contained page. A result whose view draws its own page (the timeline) gets it;
 * any other gets the text report in a page, so every command accepts the format.
 */
public final class HtmlReporter implements Reporter {
    @Override
    public String render(Report report) {
        String own = page(report.result(), report);
        if (own != null) {
            return own;
        }
        String text = new TextReporter(false).render(report);
        return "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n<title>zerofail "
                + TimelineHtml.esc(report.command()) + "</title>\n</head>\n<body>\n<h1>zerofail "
                + TimelineHtml.esc(report.command()) + "</h1>\n<pre>" + TimelineHtml.esc(text) + "</pre>\n</body>\n</html>\n";
    }

    private static <R extends Result> String page(R result, Report report) {
        return result == null ? null : Views.of(result).html(result, report);
    }
}
