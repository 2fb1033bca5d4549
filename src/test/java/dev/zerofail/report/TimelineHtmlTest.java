package dev.zerofail.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zerofail.core.Report;
import dev.zerofail.timeline.TimelineResult;
import dev.zerofail.timeline.TimelineResult.Week;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** The timeline page: well-formed, self-contained, one chart per figure, threshold lines where the audit has one. */
class TimelineHtmlTest {
    static final TimelineResult.Thresholds THRESHOLDS = new TimelineResult.Thresholds(95, 300_000, 5, 0, 0, 0);

    /** {@code n} weeks; every third has no snapshot and no deploys, so lines must break there. */
    static TimelineResult result(int n, String environment) {
        List<Week> weeks = new ArrayList<>();
        LocalDate monday = LocalDate.parse("2026-11-30").minusWeeks(n - 1L);
        for (int i = 0; i < n; i++) {
            LocalDate m = monday.plusWeeks(i);
            boolean empty = i % 3 == 1;
            String label = String.format("%d-W%02d", m.get(java.time.temporal.IsoFields.WEEK_BASED_YEAR),
                    m.get(java.time.temporal.IsoFields.WEEK_OF_WEEK_BASED_YEAR));
            weeks.add(new Week(label, m.toString(), m.plusDays(6).toString(), i == n - 1, empty ? 0 : 10,
                    empty ? 0 : 9 + i % 2, empty ? null : (9 + i % 2) / 10.0, empty ? null : 200_000L + i * 1000L,
                    i % 4, empty ? null : Instant.parse("2026-01-01T00:00:00Z"), empty ? null : false,
                    empty ? null : 12 - i % 12, empty ? null : 0, empty ? null : 11 - i % 7, empty ? null : 3,
                    empty ? null : i % 5, 20, i % 20, 0.05 * (i % 20)));
        }
        return new TimelineResult("jdbc:sqlite:/tmp/history.db", true, environment, null, "Europe/Berlin",
                Instant.parse("2026-12-02T15:00:00Z"), THRESHOLDS, weeks);
    }

    static String html(TimelineResult r) {
        return new HtmlReporter().render(new Report("timeline", "/repo", r, List.of(), List.of("a <warning> & more")));
    }

    static Document parse(String html) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", false);
        f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        return f.newDocumentBuilder().parse(new ByteArrayInputStream(html.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void wellFormedWithOneChartPerFigureAndNothingToFetch() throws Exception {
        String html = html(result(12, "prod <&> \"x\""));
        Document doc = parse(html);
        NodeList svgs = doc.getElementsByTagName("svg");
        assertThat(svgs.getLength()).isEqualTo(TimelineMetrics.ALL.size()).isEqualTo(8);
        assertThat(doc.getElementsByTagName("script").getLength()).isZero();
        assertThat(doc.getElementsByTagName("img").getLength()).isZero();
        assertThat(doc.getElementsByTagName("link").getLength()).isZero();
        // no address anywhere: not in src, href, url(…) nor @import
        assertThat(html).doesNotContain("http://").doesNotContain("https://").doesNotContain("url(")
                .doesNotContain("@import").doesNotContain("src=");
        assertThat(doc.getElementsByTagName("h1").item(0).getTextContent()).endsWith("prod <&> \"x\"");
        assertThat(html).contains("Note: a &lt;warning&gt; &amp; more");
        assertThat(doc.getElementsByTagName("tr").getLength()).isEqualTo(13);
    }

    @Test
    void thresholdLinesWhereTheAuditHasOneAndGapsForEmptyWeeks() throws Exception {
        Document doc = parse(html(result(12, "prod")));
        NodeList svgs = doc.getElementsByTagName("svg");
        List<String> dashed = new ArrayList<>();
        for (int i = 0; i < svgs.getLength(); i++) {
            Element svg = (Element) svgs.item(i);
            NodeList lines = svg.getElementsByTagName("line");
            String threshold = null;
            for (int j = 0; j < lines.getLength(); j++) {
                Element l = (Element) lines.item(j);
                if (l.hasAttribute("stroke-dasharray")) {
                    threshold = l.getAttribute("y1");
                }
            }
            dashed.add(threshold);
        }
        // success, mean time, placeholders, workflows and manual steps have goals; rollbacks, compose and CI do not
        assertThat(dashed).extracting(d -> d != null).containsExactly(true, true, false, true, true, false, true, false);
        // 95% of a 0..100% axis drawn from y=140 (the bottom) up 128 px: 140 - 0.95 * 128 = 18.4
        assertThat(dashed.get(0)).isEqualTo("18.4");
        // the success line breaks at every empty week: weeks 0, 2-3, 5-6, 8-9, 11 are 5 runs
        Element success = (Element) svgs.item(0);
        assertThat(success.getElementsByTagName("polyline").getLength()).isEqualTo(5);
        // 8 weeks with a value, each a point with its figure as a tooltip
        assertThat(success.getElementsByTagName("circle").getLength()).isEqualTo(8);
        assertThat(success.getElementsByTagName("circle").item(0).getTextContent()).contains("90%", "misses the goal");
        // a missed week's table cell is marked, an empty one shows a dash
        String html = html(result(12, "prod"));
        assertThat(html).contains("<td class=\"miss\">90%</td>", "<td class=\"none\">—</td>");
    }

    @Test
    void tenYearsOfWeeksStayUnder200KB() throws Exception {
        String html = html(result(520, "prod"));
        assertThat(html.getBytes(StandardCharsets.UTF_8).length).isLessThan(200 * 1024);
        Document doc = parse(html);
        assertThat(doc.getElementsByTagName("svg").getLength()).isEqualTo(8);
        assertThat(doc.getElementsByTagName("tr").getLength()).isEqualTo(1 + TimelineHtml.TABLE_WEEKS);
        assertThat(html).contains("last 104 of 520 weeks");
    }

    @Test
    void otherResultsGetTheirTextInAPage() throws Exception {
        String html = new HtmlReporter().render(new Report("scan", "/repo", null, List.of(), List.of("x < y")));
        Document doc = parse(html);
        assertThat(doc.getElementsByTagName("pre").item(0).getTextContent()).contains("x < y");
    }
}
