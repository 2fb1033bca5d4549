package dev.zerofail.core;

import java.util.List;

/** The one list of exit statuses every command uses; printed by {@code --help}. */
public enum ExitCode {
    OK(0, "success, nothing at or above --fail-on"),
    FINDINGS(1, "findings at or above --fail-on (or the audit scorecard failed with --ci)"),
    USAGE(2, "usage or configuration error; nothing was written"),
    SERVICE_UNAVAILABLE(3, "a service the command needs is unavailable"),
    ROLLED_BACK(4, "deploy failed and was rolled back; the previous version is healthy"),
    ROLLBACK_FAILED(5, "rollback failed; a person must act"),
    INTERNAL(70, "internal error (a bug: please report it)"),
    /** 128 + SIGINT, what the JVM itself exits with on Ctrl-C; an interrupted wait maps here too. */
    INTERRUPTED(130, "interrupted (Ctrl-C)");

    /** From least to most grave, for {@link #worse}. */
    private static final List<ExitCode> BY_GRAVITY = List.of(OK, FINDINGS, USAGE, SERVICE_UNAVAILABLE, ROLLED_BACK,
            INTERRUPTED, ROLLBACK_FAILED, INTERNAL);

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

    /** The constant with this number; INTERNAL for a number zerofail never exits with. */
    public static ExitCode of(int code) {
        for (ExitCode c : values()) {
            if (c.code == code) {
                return c;
            }
        }
        return INTERNAL;
    }

    /**
     * The graver of two outcomes, for a command that acts on several services: a failed rollback
     * before an interrupt, a rollback, an unavailable service, a usage error, findings and success;
     * an internal error is gravest.
     */
    public ExitCode worse(ExitCode other) {
        return BY_GRAVITY.indexOf(this) >= BY_GRAVITY.indexOf(other) ? this : other;
    }
}
