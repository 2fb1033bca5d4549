package dev.zerofail.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.zerofail.Contracts;
import dev.zerofail.core.Finding;
import dev.zerofail.core.Location;
import dev.zerofail.core.Report;
import dev.zerofail.core.Severity;
import dev.zerofail.core.SpilledFindings;
import dev.zerofail.scan.ScanResult;
import dev.zerofail.scan.ScanStats;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Reports written finding by finding (and read back from a spill file) are the documents written all at once. */
class StreamingReportersTest {
    private static final Comparator<Finding> ORDER = Comparator.comparing((Finding f) -> f.location().path())
            .thenComparingInt(f -> f.location().line()).thenComparing(Finding::rule);

    private static List<Finding> many(int n) {
        List<Finding> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            boolean even = i % 2 == 0;
            out.add(new Finding(even ? "placeholder-empty" : "github-token", even ? "placeholder" : "secret",
                    even ? Severity.LOW : Severity.CRITICAL, new Location(String.format("p%03d/.env", i / 10), 1 + i % 10, i % 3),
                    even ? "DB_PASSWORD" : null, "DB_PASSWORD: empty \"value\" – ü " + i, even ? null : "ghp_…(40 chars)",
                    "fp" + i, i % 7 == 0 ? "c0ffee" + i : null, even ? "set it" : null));
        }
        return out;
    }

    private static Report report(List<Finding> findings) {
        long low = findings.stream().filter(f -> f.severity() == Severity.LOW).count();
        ScanResult r = new ScanResult(findings.size(), low, findings.size() - low,
                Map.of(Severity.LOW, low, Severity.CRITICAL, findings.size() - low), null, 35,
                new ScanStats(400, 1 << 20, 0, 0, 0, 0, 0, 0, 12));
        return new Report("scan", "tree", r, findings, List.of("1 file(s) unreadable, skipped: x"));
    }

    /** The same findings, held in a temporary file past the first 100. */
    private static Report spilled(List<Finding> findings) {
        SpilledFindings.Builder b = new SpilledFindings.Builder(ORDER, 100);
        for (int i = 0; i < findings.size(); i += 10) {
            b.add(findings.subList(i, Math.min(findings.size(), i + 10)));
        }
        return report(b.finish());
    }

    private static String written(Reporter reporter, Report report) throws Exception {
        StringWriter out = new StringWriter();
        reporter.write(report, out);
        return out.toString();
    }

    @Test
    void jsonWrittenIncrementallyEqualsTheDocumentWrittenAtOnceAndStaysValid() throws Exception {
        List<Finding> findings = many(5_000);
        String atOnce = new JsonReporter().render(report(findings));

        String streamed = written(new JsonReporter(), spilled(findings));

        assertThat(streamed).isEqualTo(atOnce);
        JsonNode doc = Contracts.assertValid(streamed);
        assertThat(doc.get("findings")).hasSize(5_000);
        assertThat(doc.get("findings").get(4_999).get("fingerprint").asText()).isEqualTo("fp4999");
    }

    @Test
    void jsonWithoutFindingsOrRootIsStillTheSameDocument() throws Exception {
        Report empty = new Report("scan", null, report(List.of()).result(), List.of(), List.of());
        assertThat(written(new JsonReporter(), empty)).isEqualTo(new JsonReporter().render(empty));
    }

    @Test
    void textAndSarifAreTheSameFromASpillFileAsFromMemory() throws Exception {
        List<Finding> findings = many(3_000);
        for (Reporter r : List.of(new TextReporter(false), new SarifReporter(), new MarkdownReporter(), new CsvReporter())) {
            String fromMemory = written(r, report(findings));
            assertThat(written(r, spilled(findings))).as(r.getClass().getSimpleName()).isEqualTo(fromMemory)
                    .isEqualTo(r.render(report(findings)));
        }
        String text = written(new TextReporter(false), spilled(findings));
        assertThat(text).contains("p299/.env:10:2", "3000 finding(s)");
        JsonNode sarif = Json.MAPPER.readTree(written(new SarifReporter(), spilled(findings)));
        assertThat(sarif.at("/runs/0/results")).hasSize(3_000);
        assertThat(sarif.at("/runs/0/tool/driver/rules")).hasSize(2);
    }
}
