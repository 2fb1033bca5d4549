package dev.zerofail.server;

import io.javalin.http.Context;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** A route's query string, checked: an unknown, repeated or empty parameter is a 400 naming it. */
final class QueryParams {
    private final Map<String, List<String>> params;

    private QueryParams(Map<String, List<String>> params) {
        this.params = params;
    }

    static QueryParams of(Context ctx, Set<String> allowed) {
        Map<String, List<String>> params = ctx.queryParamMap();
        for (Map.Entry<String, List<String>> e : params.entrySet()) {
            if (!allowed.contains(e.getKey())) {
                throw ProblemException.badParameter(e.getKey(), "unknown parameter; this endpoint takes "
                        + (allowed.isEmpty() ? "none" : String.join(", ", allowed.stream().sorted().toList())));
            }
            if (e.getValue().size() > 1) {
                throw ProblemException.badParameter(e.getKey(), "given " + e.getValue().size() + " times; give it once");
            }
        }
        return new QueryParams(params);
    }

    /** The value, or null when absent; present but empty is a 400. */
    String get(String name) {
        List<String> v = params.get(name);
        if (v == null) {
            return null;
        }
        String s = v.get(0).strip();
        if (s.isEmpty()) {
            throw ProblemException.badParameter(name, "empty; leave the parameter out or give a value");
        }
        return s;
    }
}
