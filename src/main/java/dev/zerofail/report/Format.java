package dev.zerofail.report;

/** Output formats every command accepts with {@code --format}. */
public enum Format {
    TEXT, JSON, SARIF, MARKDOWN, CSV, HTML;

    public Reporter reporter(boolean color) {
        return switch (this) {
            case TEXT -> new TextReporter(color);
            case JSON -> new JsonReporter();
            case SARIF -> new SarifReporter();
            case MARKDOWN -> new MarkdownReporter();
            case CSV -> new CsvReporter();
            case HTML -> new HtmlReporter();
        };
    }
}
