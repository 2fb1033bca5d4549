package dev.zerofail.runs;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs and jobs from the two shapes zerofail reads: the REST API's ({@code workflow_runs}, {@code jobs}
 * with snake_case fields) and the GitHub CLI's ({@code gh run list --json …}, {@code gh run view --json
 * jobs}, camelCase). Missing fields become nulls, never errors: a run is kept when it has an id.
 */
final class RunJson {
    private static final Pattern RUN_URL = Pattern.compile("/repos/([^/]+/[^/]+)/actions/runs/(\\d+)|"
            + "github\\.com/([^/]+/[^/]+)/actions/runs/(\\d+)");
    private static final Pattern JOB_URL = Pattern.compile("/actions/runs/(\\d+)/job(?:s)?/(\\d+)");

    private RunJson() {
    }

    static CiRun apiRun(String repo, JsonNode n) {
        return new CiRun(repo, n.path("id").asLong(), Math.max(1, n.path("run_attempt").asInt(1)), longOrNull(n, "run_number"),
                longOrNull(n, "workflow_id"), workflowName(n.path("name").asText(null), n.path("path").asText(null)),
                text(n, "event"), text(n, "head_branch"), text(n, "head_sha"), text(n, "status"), text(n, "conclusion"),
                instant(n, "created_at"), instant(n, "run_started_at"), instant(n, "updated_at"), text(n, "html_url"));
    }

    static CiJob apiJob(String repo, JsonNode n) {
        List<String> labels = new ArrayList<>();
        n.path("labels").forEach(l -> labels.add(l.asText()));
        List<CiStep> steps = new ArrayList<>();
        n.path("steps").forEach(s -> steps.add(new CiStep(text(s, "name"), text(s, "status"), text(s, "conclusion"),
                s.path("number").asInt(), instant(s, "started_at"), instant(s, "completed_at"))));
        return new CiJob(repo, n.path("id").asLong(), n.path("run_id").asLong(), Math.max(1, n.path("run_attempt").asInt(1)),
                n.path("name").asText(""), text(n, "status"), text(n, "conclusion"), instant(n, "started_at"),
                instant(n, "completed_at"), labels, text(n, "runner_name"), steps, text(n, "html_url"));
    }

    /** {@code gh run list --json databaseId,attempt,workflowName,…}: the repository comes from the URL when not given. */
    static CiRun ghRun(String repo, JsonNode n) {
        String url = text(n, "url");
        String r = repo != null ? repo : repoOf(url);
        return new CiRun(r, n.path("databaseId").asLong(), Math.max(1, n.path("attempt").asInt(1)), longOrNull(n, "number"),
                longOrNull(n, "workflowDatabaseId"), workflowName(n.path("workflowName").asText(null),
                        n.path("name").asText(null)), text(n, "event"), text(n, "headBranch"), text(n, "headSha"),
                lower(text(n, "status")), lower(text(n, "conclusion")), instant(n, "createdAt"), instant(n, "startedAt"),
                instant(n, "updatedAt"), url);
    }

    /**
     * A job of {@code gh run view --json jobs}: no run id, attempt or labels in that shape, so the run
     * comes from the job's URL (…/actions/runs/RUN/job/JOB) and the attempt from the caller.
     */
    static CiJob ghJob(String repo, long runId, int attempt, JsonNode n) {
        List<CiStep> steps = new ArrayList<>();
        n.path("steps").forEach(s -> steps.add(new CiStep(text(s, "name"), lower(text(s, "status")),
                lower(text(s, "conclusion")), s.path("number").asInt(), instant(s, "startedAt"), instant(s, "completedAt"))));
        List<String> labels = new ArrayList<>();
        n.path("labels").forEach(l -> labels.add(l.asText()));
        return new CiJob(repo, n.path("databaseId").asLong(), runId, attempt, n.path("name").asText(""),
                lower(text(n, "status")), lower(text(n, "conclusion")), instant(n, "startedAt"), instant(n, "completedAt"),
                labels, null, steps, text(n, "url"));
    }

    static long runIdOfJobUrl(String url) {
        if (url == null) {
            return 0;
        }
        Matcher m = JOB_URL.matcher(url);
        return m.find() ? Long.parseLong(m.group(1)) : 0;
    }

    static String repoOf(String url) {
        if (url == null) {
            return null;
        }
        Matcher m = RUN_URL.matcher(url);
        if (!m.find()) {
            return null;
        }
        return m.group(1) != null ? m.group(1) : m.group(3);
    }

    private static String workflowName(String name, String fallback) {
        return name != null && !name.isBlank() ? name : fallback != null ? fallback : "(unnamed)";
    }

    /** gh writes enums as GitHub's GraphQL does (COMPLETED, FAILURE) in some versions; the API in lower case. */
    private static String lower(String s) {
        return s == null || s.isEmpty() ? null : s.toLowerCase(java.util.Locale.ROOT);
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    private static Long longOrNull(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || !v.canConvertToLong() ? null : v.asLong();
    }

    /** gh writes 0001-01-01T00:00:00Z for "never" (a job that did not start). */
    private static Instant instant(JsonNode n, String field) {
        String s = text(n, field);
        if (s == null || s.isEmpty() || s.startsWith("0001-")) {
            return null;
        }
        Instant fast = utc(s);
        if (fast != null) {
            return fast;
        }
        try {
            return Instant.parse(s);
        } catch (DateTimeParseException e) {
            try {
                return java.time.OffsetDateTime.parse(s).toInstant();
            } catch (DateTimeParseException e2) {
                return null;
            }
        }
    }

    /**
     * {@code 2026-11-20T10:00:00Z} (GitHub's form, optionally with a fraction) read by hand:
     * {@link Instant#parse} was 40% of an import's time. Null for anything else (the slow path reads it).
     */
    static Instant utc(String s) {
        int len = s.length();
        if (len < 20 || s.charAt(4) != '-' || s.charAt(7) != '-' || s.charAt(10) != 'T' || s.charAt(13) != ':'
                || s.charAt(16) != ':' || s.charAt(len - 1) != 'Z') {
            return null;
        }
        int y = digits(s, 0, 4);
        int mo = digits(s, 5, 2);
        int d = digits(s, 8, 2);
        int h = digits(s, 11, 2);
        int mi = digits(s, 14, 2);
        int sec = digits(s, 17, 2);
        if (y < 0 || mo < 1 || mo > 12 || d < 1 || d > 31 || h < 0 || h > 23 || mi < 0 || mi > 59 || sec < 0 || sec > 59) {
            return null;
        }
        long nanos = 0;
        if (len > 20) {
            if (s.charAt(19) != '.' || len - 21 > 9 || len - 21 < 1) {
                return null;
            }
            int f = digits(s, 20, len - 21);
            if (f < 0) {
                return null;
            }
            nanos = f * (long) Math.pow(10, 9 - (len - 21));
        } else if (len != 20) {
            return null;
        }
        try {
            long day = java.time.LocalDate.of(y, mo, d).toEpochDay();
            return Instant.ofEpochSecond(day * 86_400 + h * 3600L + mi * 60L + sec, nanos);
        } catch (java.time.DateTimeException e) {
            return null;
        }
    }

    private static int digits(String s, int from, int count) {
        int v = 0;
        for (int i = from; i < from + count; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }
}
