package dev.zerofail.report;

import com.fasterxml.jackson.databind.JsonNode;
import dev.zerofail.core.Finding;
import dev.zerofail.core.Report;
import dev.zerofail.core.Result;
import java.util.Iterator;
import java.util.Map;

/** {@code --format csv}: the result's own table when its view has one, else the findings, else its top-level fields. */
public final class CsvReporter implements Reporter {
    @Override
    public String render(Report report) {
        StringBuilder sb = new StringBuilder();
        Csv csv = new Csv(sb);
        if (report.result() != null && table(report.result(), csv)) {
            return sb.toString();
        }
        if (!report.findings().isEmpty() || report.result() == null) {
            csv.row("severity", "rule", "location", "key", "value", "message");
            for (Finding f : report.findings()) {
                csv.row(f.severity().label(), f.rule(), f.location().toString(), f.key(), f.masked(), f.message());
            }
            return sb.toString();
        }
        csv.row("field", "value");
        JsonNode tree = Json.MAPPER.valueToTree(report.result());
        for (Iterator<Map.Entry<String, JsonNode>> it = tree.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getValue().isValueNode()) {
                csv.row(e.getKey(), e.getValue().asText());
            }
        }
        return sb.toString();
    }

    private static <R extends Result> boolean table(R result, Csv csv) {
        return Views.of(result).csv(result, csv);
    }
}
