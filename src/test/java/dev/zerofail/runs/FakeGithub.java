package dev.zerofail.runs;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.common.ContentTypes;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.QueryParameter;
import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A stand-in for GitHub's Actions REST API in its documented shapes, as a WireMock transformer:
 * {@code GET /repos/{o}/{r}/actions/runs} (the {@code created=A..B} filter, {@code total_count}, at
 * most 1,000 results, {@code page}/{@code per_page}, a {@code Link} header), {@code …/runs/{id}/jobs}
 * ({@code filter=all}), {@code …/runs/{id}/attempts/{n}}, {@code …/jobs/{id}/logs} (302 to storage on
 * another host name), ETags with 304 for {@code If-None-Match}, and faults queued per path.
 */
public final class FakeGithub implements ResponseDefinitionTransformerV2 {
    static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern RUNS = Pattern.compile("/repos/([^/]+/[^/]+)/actions(?:/workflows/([^/]+))?/runs");
    private static final Pattern JOBS = Pattern.compile("/repos/[^/]+/[^/]+/actions/runs/(\\d+)/jobs");
    private static final Pattern ATTEMPT = Pattern.compile("/repos/[^/]+/[^/]+/actions/runs/(\\d+)/attempts/(\\d+)");
    private static final Pattern LOGS = Pattern.compile("/repos/[^/]+/[^/]+/actions/jobs/(\\d+)/logs");
    private static final Pattern BLOB = Pattern.compile("/blob/(\\d+)");

    /** One run as the list shows it (its latest attempt), with the conclusions of earlier attempts. */
    public record Run(long id, String workflow, String event, String branch, String sha, Instant created, List<String> conclusions,
            List<Job> jobs) {
        int attempt() {
            return conclusions.size();
        }

        String conclusion() {
            return conclusions.get(conclusions.size() - 1);
        }
    }

    public record Job(long id, int attempt, String name, String conclusion, Instant started, Instant completed,
            List<String> labels, List<String[]> steps) {
    }

    public record Fault(int status, Map<String, String> headers, String body) {
    }

    public final List<Run> runs = new CopyOnWriteArrayList<>();
    public final Map<Long, String> logs = new LinkedHashMap<>();
    private final List<Object[]> faults = new CopyOnWriteArrayList<>();
    /** Every request as the server saw it: path with query, and its Authorization header (null when absent). */
    public final List<String[]> seen = new CopyOnWriteArrayList<>();
    public long resetEpoch;

    @Override
    public String getName() {
        return "fake-github";
    }

    /** The next {@code times} requests whose path contains {@code pathPart} get this fault. */
    public void fail(String pathPart, int times, Fault f) {
        Deque<Fault> q = new ArrayDeque<>();
        for (int i = 0; i < times; i++) {
            q.add(f);
        }
        faults.add(new Object[] {pathPart, q});
    }

    public void clearFaults() {
        faults.clear();
    }

    public long count(String pathPart) {
        return seen.stream().filter(s -> s[0].contains(pathPart)).count();
    }

    @Override
    @SuppressWarnings("unchecked")
    public ResponseDefinition transform(ServeEvent event) {
        Request rq = event.getRequest();
        String url = rq.getUrl();
        String path = url.split("\\?", 2)[0];
        seen.add(new String[] {url, rq.getHeader("Authorization"), rq.getHeader("X-GitHub-Api-Version")});
        for (Object[] f : faults) {
            Deque<Fault> q = (Deque<Fault>) f[1];
            if (url.contains((String) f[0]) && !q.isEmpty()) {
                Fault fault = q.poll();
                var r = new com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder().withStatus(fault.status())
                        .withBody(fault.body() == null ? "" : fault.body());
                fault.headers().forEach(r::withHeader);
                return r.build();
            }
        }
        Matcher m;
        if ((m = BLOB.matcher(path)).matches()) {
            String log = logs.get(Long.parseLong(m.group(1)));
            return log == null ? status(404) : new com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder()
                    .withStatus(200).withBody(log).build();
        }
        if ((m = LOGS.matcher(path)).matches()) {
            return new com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder().withStatus(302)
                    .withHeader("Location", "http://localhost:" + rq.getPort() + "/blob/" + m.group(1)).build();
        }
        if ((m = RUNS.matcher(path)).matches()) {
            return runList(rq, m.group(1), m.group(2));
        }
        if ((m = JOBS.matcher(path)).matches()) {
            long id = Long.parseLong(m.group(1));
            Run run = runs.stream().filter(r -> r.id() == id).findFirst().orElse(null);
            if (run == null) {
                return status(404);
            }
            ObjectNode body = JSON.createObjectNode();
            ArrayNode jobs = body.putArray("jobs");
            boolean all = "all".equals(param(rq, "filter"));
            for (Job j : run.jobs()) {
                if (all || j.attempt() == run.attempt()) {
                    jobs.add(jobJson(run, j));
                }
            }
            body.put("total_count", jobs.size());
            return json(rq, body, null);
        }
        if ((m = ATTEMPT.matcher(path)).matches()) {
            long id = Long.parseLong(m.group(1));
            int n = Integer.parseInt(m.group(2));
            Run run = runs.stream().filter(r -> r.id() == id).findFirst().orElse(null);
            if (run == null || n > run.attempt()) {
                return status(404);
            }
            return json(rq, runJson(run, n), null);
        }
        return status(404);
    }

    private ResponseDefinition runList(Request rq, String repo, String workflow) {
        List<Run> match = new ArrayList<>();
        String created = param(rq, "created");
        Instant from = Instant.MIN;
        Instant to = Instant.MAX;
        if (created != null) {
            String[] ab = created.split("\\.\\.");
            from = Instant.parse(ab[0]);
            to = Instant.parse(ab[1]).plusSeconds(1);
        }
        for (Run r : runs) {
            if (!r.created().isBefore(from) && r.created().isBefore(to)
                    && (workflow == null || workflow.equals(r.workflow().toLowerCase() + ".yml"))) {
                match.add(r);
            }
        }
        match.sort(Comparator.comparing(Run::created).reversed().thenComparing(Comparator.comparingLong(Run::id).reversed()));
        int perPage = Integer.parseInt(param(rq, "per_page") == null ? "30" : param(rq, "per_page"));
        int page = Integer.parseInt(param(rq, "page") == null ? "1" : param(rq, "page"));
        int reachable = Math.min(match.size(), 1000);
        int start = (page - 1) * perPage;
        if (start >= 1000) {
            return status(422);
        }
        ObjectNode body = JSON.createObjectNode();
        body.put("total_count", match.size());
        ArrayNode list = body.putArray("workflow_runs");
        for (int i = start; i < Math.min(reachable, start + perPage); i++) {
            list.add(runJson(match.get(i), match.get(i).attempt()));
        }
        String link = null;
        if (start + perPage < reachable) {
            String base = "http://127.0.0.1:" + rq.getPort() + rq.getUrl().split("\\?", 2)[0] + "?per_page=" + perPage
                    + (created == null ? "" : "&created=" + created);
            link = "<" + base + "&page=" + (page + 1) + ">; rel=\"next\", <" + base + "&page="
                    + ((reachable + perPage - 1) / perPage) + ">; rel=\"last\"";
        }
        return json(rq, body, link);
    }

    ObjectNode runJson(Run r, int attempt) {
        ObjectNode n = JSON.createObjectNode();
        n.put("id", r.id());
        n.put("name", r.workflow());
        n.put("path", ".github/workflows/" + r.workflow().toLowerCase() + ".yml");
        n.put("run_number", r.id() % 1000);
        n.put("run_attempt", attempt);
        n.put("event", r.event());
        n.put("head_branch", r.branch());
        n.put("head_sha", r.sha());
        n.put("status", "completed");
        n.put("conclusion", r.conclusions().get(attempt - 1));
        n.put("workflow_id", Math.abs(r.workflow().hashCode()));
        n.put("created_at", r.created().toString());
        n.put("run_started_at", r.created().plusSeconds(600L * (attempt - 1)).toString());
        n.put("updated_at", r.created().plusSeconds(600L * attempt).toString());
        n.put("html_url", "https://github.com/acme/platform/actions/runs/" + r.id() + "/attempts/" + attempt);
        return n;
    }

    ObjectNode jobJson(Run run, Job j) {
        ObjectNode n = JSON.createObjectNode();
        n.put("id", j.id());
        n.put("run_id", run.id());
        n.put("run_attempt", j.attempt());
        n.put("name", j.name());
        n.put("status", "completed");
        n.put("conclusion", j.conclusion());
        n.put("started_at", j.started() == null ? null : j.started().toString());
        n.put("completed_at", j.completed() == null ? null : j.completed().toString());
        ArrayNode labels = n.putArray("labels");
        j.labels().forEach(labels::add);
        n.put("runner_name", "GitHub Actions " + j.id());
        n.put("html_url", "https://github.com/acme/platform/actions/runs/" + run.id() + "/job/" + j.id());
        ArrayNode steps = n.putArray("steps");
        int k = 1;
        for (String[] s : j.steps()) {
            ObjectNode st = steps.addObject();
            st.put("name", s[0]);
            st.put("status", "completed");
            st.put("conclusion", s[1]);
            st.put("number", k++);
        }
        return n;
    }

    private ResponseDefinition json(Request rq, ObjectNode body, String link) {
        String text = body.toString();
        String etag = "W/\"" + sha1(text) + "\"";
        var r = new com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder()
                .withHeader("ETag", etag).withHeader("x-ratelimit-remaining", "4999")
                .withHeader("x-ratelimit-reset", String.valueOf(resetEpoch));
        if (link != null) {
            r.withHeader("Link", link);
        }
        if (etag.equals(rq.getHeader("If-None-Match"))) {
            return r.withStatus(304).build();
        }
        return r.withStatus(200).withHeader("Content-Type", ContentTypes.APPLICATION_JSON).withBody(text).build();
    }

    private static ResponseDefinition status(int s) {
        return new com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder().withStatus(s)
                .withBody("{\"message\":\"Not Found\"}").build();
    }

    private static String param(Request rq, String name) {
        QueryParameter p = rq.queryParameter(name);
        return p == null || !p.isPresent() ? null : p.firstValue();
    }

    private static String sha1(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
