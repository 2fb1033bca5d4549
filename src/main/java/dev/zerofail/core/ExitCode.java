package dev.zerofail.core;

/** The one list of exit statuses every command uses; printed by {@code --help}. */
public enum ExitCode {
    OK(0, "success, nothing at or above --fail-on"),
    FINDINGS(1, "findings at or above --fail-on (or the audit scorecard failed with --ci)"),
    USAGE(2, "usage or configuration error; nothing was written"),
    SERVICE_UNAVAILABLE(3, "a service the command needs is unavailable"),
    ROLLED_BACK(4, "deploy failed and was rolled back; the previous version is healthy"),
    ROLLBACK_FAILED(5, "rollback failed; a person must act"),
    INTERNAL(70, "internal error (a bug: please report it)");

    private final int code;
    private final String meaning;

    ExitCode(int code, String meaning) {
        this.code = code;
        this.meaning = meaning;
    }

    public int code() {
        return code;
    }

    public String meaning() {
        return meaning;
    }

    /**
     * The graver of two outcomes, for a command that acts on several services: a failed rollback
     * before a rollback, before an unavailable service, a usage error, findings and success; an
     * internal error is gravest.
     */
    public ExitCode worse(ExitCode other) {
        return gravity() >= other.gravity() ? this : other;
    }

    private int gravity() {
        return this == INTERNAL ? Integer.MAX_VALUE : code;
    }
}
