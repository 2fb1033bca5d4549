package dev.zerofail.report;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.zerofail.core.ExitCode;
import dev.zerofail.core.Finding;
import dev.zerofail.core.Report;
import dev.zerofail.core.Result;
import dev.zerofail.core.ZerofailException;
import java.io.IOException;
import java.io.Writer;
import java.util.List;

/**
 * The JSON contract (docs/schemas, docs/json.md): one envelope for every command, {@code {tool,
 * version, command, root, result, findings, warnings}}, or {@code {tool, version, command, error}}
 * when the command failed. {@code result} is the command's typed {@link Result} written as it is.
 */
public final class JsonReporter implements Reporter {
    @JsonPropertyOrder({"tool", "version", "command", "root", "result", "findings", "warnings"})
    record Envelope(String tool, String version, String command, String root, Result result, List<JsonFinding> findings,
            List<String> warnings) {
    }

    @JsonPropertyOrder({"tool", "version", "command", "error"})
    record ErrorDocument(String tool, String version, String command, Error error) {
    }

    @JsonPropertyOrder({"exitCode", "kind", "where", "message", "next"})
    record Error(ExitCode exitCode, String kind, String where, String message, String next) {
    }

    /** A finding as JSON: its location flattened to path, line and column. */
    @JsonPropertyOrder({"rule", "kind", "severity", "path", "line", "column", "key", "masked", "fingerprint", "commit",
            "message", "fix"})
    record JsonFinding(String rule, String kind, dev.zerofail.core.Severity severity, String path, int line,
            @JsonInclude(JsonInclude.Include.ALWAYS) int column, String key, String masked, String fingerprint,
            String commit, String message, String fix) {
        static JsonFinding of(Finding f) {
            return new JsonFinding(f.rule(), f.kind(), f.severity(), f.location().path(), f.location().line(),
                    f.location().column(), f.key(), f.masked(), f.fingerprint(), f.commit(), f.message(), f.fix());
        }
    }

    @Override
    public String render(Report report) {
        return Json.write(new Envelope("zerofail", Versions.version(), report.command(), report.root(), report.result(),
                report.findings().stream().map(JsonFinding::of).toList(), report.warnings()));
    }

    /**
     * The same document as {@link #render}, written finding by finding through Jackson's streaming
     * generator (JsonReporterTest holds the two equal).
     */
    @Override
    public void write(Report report, Writer out) throws IOException {
        ObjectWriter values = Json.MAPPER.writer().without(SerializationFeature.FLUSH_AFTER_WRITE_VALUE);
        try (JsonGenerator g = Json.MAPPER.getFactory().createGenerator(out)) {
            g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            g.useDefaultPrettyPrinter();
            g.writeStartObject();
            g.writeStringField("tool", "zerofail");
            g.writeStringField("version", Versions.version());
            if (report.command() != null) {
                g.writeStringField("command", report.command());
            }
            if (report.root() != null) {
                g.writeStringField("root", report.root());
            }
            if (report.result() != null) {
                g.writeFieldName("result");
                values.writeValue(g, report.result());
            }
            g.writeArrayFieldStart("findings");
            for (Finding f : report.findings()) {
                values.writeValue(g, JsonFinding.of(f));
            }
            g.writeEndArray();
            g.writeFieldName("warnings");
            values.writeValue(g, report.warnings());
            g.writeEndObject();
        }
        out.write('\n');
    }

    @Override
    public String renderError(String command, ZerofailException e) {
        return Json.write(new ErrorDocument("zerofail", Versions.version(), command,
                new Error(e.exitCode(), e.exitCode().name().toLowerCase(java.util.Locale.ROOT), e.where(), e.problem(),
                        e.nextStep())));
    }
}
