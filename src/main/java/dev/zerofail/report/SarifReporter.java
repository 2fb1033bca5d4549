package dev.zerofail.report;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.zerofail.core.Finding;
import dev.zerofail.core.Report;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.LinkedHashMap;
import java.util.Map;

/** SARIF 2.1.0 as GitHub code scanning reads it: rules with security-severity, results with partialFingerprints. */
public final class SarifReporter implements Reporter {
    static final String SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";

    @Override
    public String render(Report report) {
        StringWriter out = new StringWriter();
        try {
            write(report, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringWriter does not throw
        }
        return out.toString();
    }

    /** Two passes over the findings (the rules, then the results), each result written as it is made. */
    @Override
    public void write(Report report, Writer out) throws IOException {
        ObjectNode driver = Json.MAPPER.createObjectNode();
        driver.put("name", "zerofail");
        driver.put("semanticVersion", Versions.version());
        ArrayNode rules = driver.putArray("rules");
        Map<String, Integer> ruleIndex = new LinkedHashMap<>();
        for (Finding f : report.findings()) {
            if (!ruleIndex.containsKey(f.rule())) {
                ruleIndex.put(f.rule(), ruleIndex.size());
                ObjectNode r = rules.addObject();
                r.put("id", f.rule());
                r.put("name", camel(f.rule()));
                String desc = f.key() != null && f.message().startsWith(f.key() + ": ")
                        ? f.message().substring(f.key().length() + 2) : f.message();
                r.putObject("shortDescription").put("text", desc);
                // GitHub code scanning refuses a rule without fullDescription (GH2012) or help
                r.putObject("fullDescription").put("text", fullDescription(f, desc));
                r.putObject("help").put("text", f.fix() == null ? desc : f.fix());
                r.putObject("defaultConfiguration").put("level", level(f));
                ObjectNode props = r.putObject("properties");
                props.putArray("tags").add("security").add(f.kind());
                props.put("security-severity", securitySeverity(f));
            }
        }
        try (JsonGenerator g = Json.MAPPER.getFactory().createGenerator(out)) {
            g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            g.useDefaultPrettyPrinter();
            g.writeStartObject();
            g.writeStringField("$schema", SCHEMA);
            g.writeStringField("version", "2.1.0");
            g.writeArrayFieldStart("runs");
            g.writeStartObject();
            g.writeObjectFieldStart("tool");
            g.writeFieldName("driver");
            g.writeTree(driver);
            g.writeEndObject();
            g.writeArrayFieldStart("results");
            for (Finding f : report.findings()) {
                g.writeTree(result(f, ruleIndex));
            }
            g.writeEndArray();
            g.writeEndObject();
            g.writeEndArray();
            g.writeEndObject();
        }
        out.write('\n');
    }

    private static ObjectNode result(Finding f, Map<String, Integer> ruleIndex) {
        ObjectNode res = Json.MAPPER.createObjectNode();
        res.put("ruleId", f.rule());
        res.put("ruleIndex", ruleIndex.get(f.rule()));
        res.put("level", level(f));
        res.putObject("message").put("text", f.message() + (f.masked() != null ? " (" + f.masked() + ")" : ""));
        ObjectNode phys = res.putArray("locations").addObject().putObject("physicalLocation");
        ObjectNode art = phys.putObject("artifactLocation");
        art.put("uri", f.location().path());
        art.put("uriBaseId", "%SRCROOT%");
        ObjectNode region = phys.putObject("region");
        region.put("startLine", Math.max(1, f.location().line()));
        if (f.location().column() > 0) {
            region.put("startColumn", f.location().column());
        }
        res.putObject("partialFingerprints").put("zerofail/v1", f.fingerprint());
        if (f.commit() != null) {
            res.putObject("properties").put("commit", f.commit());
        }
        return res;
    }

    /** What the rule finds, of which kind and how severe, and what to do: complete without the result. */
    static String fullDescription(Finding f, String desc) {
        String text = f.rule() + " (" + f.kind() + ", " + f.severity().name().toLowerCase(java.util.Locale.ROOT) + "): " + desc;
        return f.fix() == null || f.fix().isBlank() ? text : text + ". Fix: " + f.fix();
    }

    private static String level(Finding f) {
        return switch (f.severity()) {
            case CRITICAL, HIGH -> "error";
            case MEDIUM -> "warning";
            default -> "note";
        };
    }

    private static String securitySeverity(Finding f) {
        return switch (f.severity()) {
            case CRITICAL -> "9.5";
            case HIGH -> "8.0";
            case MEDIUM -> "5.5";
            case LOW -> "3.0";
            case INFO -> "1.0";
        };
    }

    private static String camel(String id) {
        StringBuilder sb = new StringBuilder();
        for (String part : id.split("[-_.]")) {
            if (!part.isEmpty()) {
                sb.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
            }
        }
        return sb.toString();
    }
}
