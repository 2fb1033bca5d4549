package dev.zerofail.server;

import java.util.Map;

/** Thrown by a handler or filter to answer with a problem document (and extra headers such as Retry-After). */
public final class ProblemException extends RuntimeException {
    private final Problem problem;
    private final Map<String, String> headers;

    public ProblemException(Problem problem) {
        this(problem, Map.of());
    }

    public ProblemException(Problem problem, Map<String, String> headers) {
        super(problem.title() + ": " + problem.detail(), null, false, false);
        this.problem = problem;
        this.headers = Map.copyOf(headers);
    }

    public Problem problem() {
        return problem;
    }

    public Map<String, String> headers() {
        return headers;
    }

    static ProblemException badParameter(String parameter, String detail) {
        return new ProblemException(Problem.badParameter(parameter, detail));
    }

    static ProblemException notFound(String detail) {
        return new ProblemException(Problem.of(404, "not-found", "Not found", detail));
    }

    static ProblemException unavailable(String kind, String detail) {
        return new ProblemException(Problem.of(503, kind, "Service unavailable", detail));
    }
}
