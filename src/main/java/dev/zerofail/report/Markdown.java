package dev.zerofail.report;

/** Markdown helpers shared by the views. */
public final class Markdown {
    private Markdown() {
    }

    /** Escapes a table cell: pipes and line breaks. */
    public static String esc(String s) {
        return s == null ? "" : s.replace("|", "\\|").replace("\n", " ");
    }
}
