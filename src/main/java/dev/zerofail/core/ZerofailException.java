package dev.zerofail.core;

/**
 * The one exception type that crosses capability boundaries. It carries the exit status, where
 * the problem is (file, line, key) and what the user should do next. Its message must never
 * contain a secret value.
 */
public class ZerofailException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final ExitCode exitCode;
    private final String where;
    private final String nextStep;

    public ZerofailException(ExitCode exitCode, String where, String problem, String nextStep) {
        this(exitCode, where, problem, nextStep, null);
    }

    public ZerofailException(ExitCode exitCode, String where, String problem, String nextStep, Throwable cause) {
        super(problem, cause);
        this.exitCode = exitCode;
        this.where = where;
        this.nextStep = nextStep;
    }

    public static ZerofailException usage(String where, String problem, String nextStep) {
        return new ZerofailException(ExitCode.USAGE, where, problem, nextStep);
    }

    public ExitCode exitCode() {
        return exitCode;
    }

    /** File, line and key ("zerofail.yaml:14 scan.disable"), or null when not about one place. */
    public String where() {
        return where;
    }

    public String problem() {
        return getMessage();
    }

    public String nextStep() {
        return nextStep;
    }

    /** One line for a terminal: {@code where: problem. next step}. */
    public String describe() {
        StringBuilder sb = new StringBuilder();
        if (where != null && !where.isEmpty()) {
            sb.append(where).append(": ");
        }
        sb.append(getMessage());
        if (nextStep != null && !nextStep.isEmpty()) {
            sb.append(" (").append(nextStep).append(')');
        }
        return sb.toString();
    }
}
