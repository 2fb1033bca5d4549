package dev.zerofail.report;

/** The tool's version, from the jar manifest (a development build says so). */
public final class Versions {
    private Versions() {
    }

    public static String version() {
        String v = Versions.class.getPackage().getImplementationVersion();
        return v == null ? "0.0.0-dev" : v;
    }
}
