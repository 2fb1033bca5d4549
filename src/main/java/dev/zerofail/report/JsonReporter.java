package dev.zerofail.report;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.zerofail.core.Finding;
import dev.zerofail.core.Report;
import dev.zerofail.core.Scorecard;
import dev.zerofail.core.ZerofailException;

/**
 * The stable JSON contract: {@code {"findings":[{rule, kind, severity, path, line, column, key,
 * masked, fingerprint, commit?, message, fix}], "summary":{…}, "warnings":[…], "scorecard"?}}.
 */
public final class JsonReporter implements Reporter {
    static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .setSerializationInclusion(JsonInclude.Include.NON_NULL);

    @Override
    public String render(Report report) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("tool", "zerofail");
        root.put("version", Versions.version());
        root.put("command", report.command());
        ArrayNode findings = root.putArray("findings");
        for (Finding f : report.findings()) {
            findings.add(finding(f));
        }
        root.set("summary", MAPPER.valueToTree(report.summary()));
        ArrayNode warnings = root.putArray("warnings");
        report.warnings().forEach(warnings::add);
        if (report.scorecard() != null) {
            root.set("scorecard", scorecard(report.scorecard()));
        }
        return write(root);
    }

    static ObjectNode finding(Finding f) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("rule", f.rule());
        n.put("kind", f.kind());
        n.put("severity", f.severity().label());
        n.put("path", f.location().path());
        n.put("line", f.location().line());
        n.put("column", f.location().column());
        if (f.key() != null) {
            n.put("key", f.key());
        }
        if (f.masked() != null) {
            n.put("masked", f.masked());
        }
        n.put("fingerprint", f.fingerprint());
        if (f.commit() != null) {
            n.put("commit", f.commit());
        }
        n.put("message", f.message());
        if (f.fix() != null) {
            n.put("fix", f.fix());
        }
        return n;
    }

    static ObjectNode scorecard(Scorecard card) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("passed", card.passed());
        n.put("checksPassed", card.checksPassed());
        n.put("checksTotal", card.checksTotal());
        ArrayNode sections = n.putArray("sections");
        for (Scorecard.Section s : card.sections()) {
            ObjectNode sn = sections.addObject();
            sn.put("name", s.name());
            sn.put("passed", s.passed());
            ArrayNode checks = sn.putArray("checks");
            for (Scorecard.Check c : s.checks()) {
                checks.add(MAPPER.valueToTree(c));
            }
        }
        return n;
    }

    @Override
    public String renderError(ZerofailException e) {
        ObjectNode root = MAPPER.createObjectNode();
        ObjectNode err = root.putObject("error");
        err.put("exitCode", e.exitCode().code());
        err.put("kind", e.exitCode().name().toLowerCase(java.util.Locale.ROOT));
        if (e.where() != null) {
            err.put("where", e.where());
        }
        err.put("message", e.problem());
        if (e.nextStep() != null) {
            err.put("next", e.nextStep());
        }
        return write(root);
    }

    static String write(Object node) {
        try {
            return MAPPER.writeValueAsString(node) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
