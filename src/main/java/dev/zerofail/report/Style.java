package dev.zerofail.report;

/** Terminal styling for text renderers: ANSI codes only when colour is on (the CLI decides: TTY and no --no-color). */
public record Style(boolean color) {
    private static final String RESET = "\u001b[0m";

    public static final Style PLAIN = new Style(false);

    private String c(String code, String text) {
        return color ? code + text + RESET : text;
    }

    public String bold(String text) {
        return c("\u001b[1m", text);
    }

    public String dim(String text) {
        return c("\u001b[2m", text);
    }

    public String red(String text) {
        return c("\u001b[31m", text);
    }

    public String green(String text) {
        return c("\u001b[32m", text);
    }

    public String yellow(String text) {
        return c("\u001b[33m", text);
    }

    public String cyan(String text) {
        return c("\u001b[36m", text);
    }

    /** ✔ in green or ✘ in red. */
    public String mark(boolean passed) {
        return passed ? green("✔") : red("✘");
    }
}
