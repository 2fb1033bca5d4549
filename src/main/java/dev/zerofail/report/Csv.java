package dev.zerofail.report;

import java.util.List;

/** RFC 4180 rows: a field with a comma, quote or line break is quoted, quotes doubled; CRLF line ends. */
public final class Csv {
    private final StringBuilder out;

    Csv(StringBuilder out) {
        this.out = out;
    }

    public Csv row(Object... fields) {
        return row(java.util.Arrays.asList(fields));
    }

    public Csv row(List<?> fields) {
        for (int i = 0; i < fields.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            out.append(field(fields.get(i)));
        }
        out.append("\r\n");
        return this;
    }

    static String field(Object v) {
        if (v == null) {
            return "";
        }
        String s = v instanceof java.math.BigDecimal d ? d.toPlainString() : v.toString();
        // a leading = + - @ would be a formula in a spreadsheet: a job or branch name must stay text
        if (!s.isEmpty() && "=+-@".indexOf(s.charAt(0)) >= 0 && !s.matches("-?[0-9.]+")) {
            s = "'" + s;
        }
        if (s.indexOf(',') >= 0 || s.indexOf('"') >= 0 || s.indexOf('\n') >= 0 || s.indexOf('\r') >= 0) {
            return '"' + s.replace("\"", "\"\"") + '"';
        }
        return s;
    }
}
