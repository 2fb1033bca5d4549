package dev.zerofail.runs;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * {@code runs import --from-gh FILE…}: for teams that cannot hand over a token. Reads the JSON of
 * {@code gh run list --json databaseId,attempt,workflowName,…} (an array) and of {@code gh run view ID
 * --json jobs[,databaseId,attempt]} (an object with {@code jobs}), and the REST API's own shapes
 * ({@code workflow_runs}, {@code jobs}) saved with {@code gh api}. A directory stands for its
 * {@code *.json} files. A file that cannot be read becomes a warning; the others are imported.
 */
public final class GhFiles {
    private static final ObjectMapper JSON = new ObjectMapper();
    static final int BATCH = 2000;

    private final RunStore store;
    private final Consumer<String> progress;
    private final List<String> warnings = new ArrayList<>();

    public GhFiles(RunStore store, Consumer<String> progress) {
        this.store = store;
        this.progress = progress;
    }

    public List<String> warnings() {
        return List.copyOf(warnings);
    }

    /**
     * One file, read as a stream: each run or job becomes a record as soon as its own small tree is read,
     * so a 5 MB file of jobs never stands as one tree (those trees, alive across collections, were most of
     * an import's garbage-collection time). {@code header}: the top-level fields other than the lists.
     */
    private record Doc(ObjectNode header, boolean array, boolean hasRuns, boolean hasJobs, List<CiRun> runs,
            List<Object> jobs, boolean selfContained) {
    }

    private static Doc read(Path f, String repo) throws IOException {
        ObjectNode header = JSON.createObjectNode();
        List<CiRun> runs = new ArrayList<>();
        List<Object> jobs = new ArrayList<>();
        boolean hasRuns = false;
        boolean hasJobs = false;
        Boolean selfContained = null;
        try (JsonParser p = JSON.getFactory().createParser(f.toFile())) {
            JsonToken t = p.nextToken();
            if (t == JsonToken.START_ARRAY) {
                for (JsonToken e = p.nextToken(); e != JsonToken.END_ARRAY; e = p.nextToken()) {
                    runs.add(RunJson.ghRun(repo, p.readValueAsTree()));
                }
                return new Doc(header, true, true, false, runs, jobs, false);
            }
            if (t != JsonToken.START_OBJECT) {
                return new Doc(header, false, false, false, runs, jobs, false);
            }
            for (String field = p.nextFieldName(); field != null; field = p.nextFieldName()) {
                JsonToken v = p.nextToken();
                if (field.equals("workflow_runs") && v == JsonToken.START_ARRAY) {
                    hasRuns = true;
                    for (JsonToken e = p.nextToken(); e != JsonToken.END_ARRAY; e = p.nextToken()) {
                        JsonNode n = p.readValueAsTree();
                        runs.add(RunJson.apiRun(repo != null ? repo : RunJson.repoOf(n.path("url").asText(null)), n));
                    }
                } else if (field.equals("jobs") && v == JsonToken.START_ARRAY) {
                    hasJobs = true;
                    for (JsonToken e = p.nextToken(); e != JsonToken.END_ARRAY; e = p.nextToken()) {
                        JsonNode n = p.readValueAsTree();
                        if (selfContained == null) {
                            selfContained = n.has("id") && n.has("run_id") && n.has("run_attempt");
                        }
                        // the API's jobs carry their own ids; gh's wait for the file's run (header) and the runs read
                        jobs.add(n.has("id") ? RunJson.apiJob(repo, n) : n);
                    }
                } else {
                    header.set(field, p.readValueAsTree());
                }
            }
        }
        return new Doc(header, false, hasRuns, hasJobs, runs, jobs, Boolean.TRUE.equals(selfContained));
    }

    /** {@code repo} may be null: each run's repository then comes from its URL. */
    public RunsImportResult load(String repo, List<Path> inputs, String database) {
        List<Path> files = expand(inputs);
        Map<Long, Integer> latestAttempt = new HashMap<>();
        Map<Long, String> repoOfRun = new HashMap<>();
        List<Doc> jobFiles = new ArrayList<>();
        List<Path> jobPaths = new ArrayList<>();
        int read = 0;
        int skipped = 0;
        int runs = 0;
        int jobs = 0;
        // runs first, so a gh jobs file (no attempt, no repository) can borrow them from its run
        for (Path f : files) {
            Doc doc;
            try {
                doc = read(f, repo);
            } catch (JsonParseException e) {
                skipped++;
                warnings.add(f + ": not JSON (line " + e.getLocation().getLineNr() + "); skipped");
                continue;
            } catch (IOException e) {
                skipped++;
                warnings.add(f + ": cannot read (" + e.getClass().getSimpleName() + "); skipped");
                continue;
            }
            if (!doc.hasRuns() && doc.hasJobs()) {
                read++;
                ObjectNode root = doc.header();
                if (root.has("databaseId") && root.has("createdAt")) {
                    // gh run view ID --attempt N --json jobs,databaseId,attempt,conclusion,createdAt,…: a run too
                    CiRun r = RunJson.ghRun(repo, root);
                    if (r.repo() != null) {
                        store.save(List.of(r), List.of());
                        latestAttempt.merge(r.runId(), r.attempt(), Math::max);
                        repoOfRun.put(r.runId(), r.repo());
                        runs++;
                    }
                }
                if (repo != null && doc.selfContained()) {
                    // the API's jobs carry run id and attempt: no need to wait for the runs (nor hold them)
                    jobs += saveJobs(repo, doc, f, latestAttempt, repoOfRun);
                } else {
                    jobFiles.add(doc);
                    jobPaths.add(f);
                }
                continue;
            } else if (!doc.hasRuns()) {
                skipped++;
                warnings.add(f + ": neither a run list (gh run list --json …, workflow_runs) nor jobs (gh run view "
                        + "--json jobs); skipped");
                continue;
            }
            List<CiRun> good = new ArrayList<>();
            int bad = 0;
            for (CiRun r : doc.runs()) {
                if (r.runId() == 0 || r.repo() == null || r.createdAt() == null) {
                    bad++;
                } else {
                    good.add(r);
                    latestAttempt.merge(r.runId(), r.attempt(), Math::max);
                    repoOfRun.put(r.runId(), r.repo());
                }
            }
            if (bad > 0) {
                warnings.add(f + ": " + bad + " run(s) without an id, a creation time or a repository (pass --repo); "
                        + "skipped");
            }
            for (int i = 0; i < good.size(); i += BATCH) {
                store.save(good.subList(i, Math.min(good.size(), i + BATCH)), List.of());
            }
            runs += good.size();
            read++;
            progress.accept("runs import: " + f.getFileName() + ": " + good.size() + " runs");
        }
        for (int k = 0; k < jobFiles.size(); k++) {
            jobs += saveJobs(repo, jobFiles.get(k), jobPaths.get(k), latestAttempt, repoOfRun);
        }
        return new RunsImportResult(repo, "files", database, null, null, 0, 0, List.of(), runs, 0, runs, jobs, 0, read,
                skipped, null, null, null, null, null);
    }

    private int saveJobs(String repo, Doc doc, Path f, Map<Long, Integer> latestAttempt, Map<Long, String> repoOfRun) {
        List<CiJob> found = new ArrayList<>();
        int orphans = 0;
        JsonNode root = doc.header();
        long fileRun = root.path("databaseId").asLong(0);
        for (Object o : doc.jobs()) {
            CiJob j;
            if (o instanceof CiJob api) {
                String r = repo != null ? repo : repoOfRun.get(api.runId());
                j = r == null ? api : new CiJob(r, api.jobId(), api.runId(), api.attempt(), api.name(), api.status(),
                        api.conclusion(), api.startedAt(), api.completedAt(), api.labels(), api.runnerName(), api.steps(),
                        api.url());
            } else {
                JsonNode n = (JsonNode) o;
                long runId = fileRun != 0 ? fileRun : RunJson.runIdOfJobUrl(n.path("url").asText(null));
                int attempt = root.has("attempt") ? root.path("attempt").asInt(1) : latestAttempt.getOrDefault(runId, 1);
                String r = repo != null ? repo : repoOfRun.getOrDefault(runId, RunJson.repoOf(n.path("url").asText(null)));
                j = RunJson.ghJob(r, runId, attempt, n);
            }
            if (j.jobId() == 0 || j.runId() == 0 || j.repo() == null) {
                orphans++;
            } else {
                found.add(j);
            }
        }
        if (orphans > 0) {
            warnings.add(f + ": " + orphans + " job(s) without an id or a run (gh run view ID --json jobs,databaseId "
                    + "names the run); skipped");
        }
        for (int i = 0; i < found.size(); i += BATCH * 4) {
            store.save(List.of(), found.subList(i, Math.min(found.size(), i + BATCH * 4)));
        }
        progress.accept("runs import: " + f.getFileName() + ": " + found.size() + " jobs");
        return found.size();
    }

    private List<Path> expand(List<Path> inputs) {
        List<Path> out = new ArrayList<>();
        for (Path p : inputs) {
            if (Files.isDirectory(p)) {
                try (Stream<Path> s = Files.list(p)) {
                    s.filter(x -> x.getFileName().toString().endsWith(".json") && Files.isRegularFile(x)).sorted()
                            .forEach(out::add);
                } catch (IOException e) {
                    warnings.add(p + ": cannot list (" + e.getClass().getSimpleName() + "); skipped");
                }
            } else if (Files.isRegularFile(p)) {
                out.add(p);
            } else {
                warnings.add(p + ": no such file; skipped");
            }
        }
        return out;
    }
}
