package dev.zerofail.workflow;

import java.util.List;
import java.util.Map;

/**
 * One GitHub Actions workflow (or composite action) as read from disk, with the line of every
 * part that a finding may point at.
 *
 * @param path        relative to the repository root
 * @param archived    under a {@code .github/workflows/archive/} folder: counted apart, not analysed for overlap
 * @param composite   a {@code .github/actions/NAME/action.yml} composite action
 * @param triggers    event name → detail (branches, paths, cron); empty map for bare events
 * @param env         workflow-level env
 * @param lines       number of lines in the file
 * @param raw         the whole file as plain maps, lists and strings, in file order (to fold it into another file)
 */
public record Workflow(String path, boolean archived, boolean composite, String name, Map<String, Trigger> triggers,
        boolean concurrency, String permissions, int permissionsLine, Map<String, Value> env, List<Job> jobs,
        int lines, Map<String, Object> raw) {

    public Workflow {
        raw = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(raw));
        triggers = Map.copyOf(triggers);
        env = Map.copyOf(env);
        jobs = List.copyOf(jobs);
    }

    /** A scalar with the 1-based line it sits on. */
    public record Value(String text, int line) {
    }

    /** One event of {@code on:}: push branches, paths, schedule. */
    public record Trigger(String event, List<String> branches, List<String> paths, int line) {
        public Trigger {
            branches = List.copyOf(branches);
            paths = List.copyOf(paths);
        }
    }

    /**
     * @param uses      reusable workflow called by this job, or null
     * @param ifCond    the job's {@code if:}, or null
     */
    public record Job(String id, int line, String name, String runsOn, String environment, Integer timeoutMinutes,
            boolean continueOnError, String ifCond, String uses, String permissions, boolean concurrency,
            Map<String, Value> env, List<Step> steps) {
        public Job {
            env = Map.copyOf(env);
            steps = List.copyOf(steps);
        }
    }

    /**
     * @param run     the shell script, or null
     * @param runLine line of the script's first line (block scalars start below their indicator)
     * @param raw     the whole step as plain maps, lists and strings, in file order, to copy it into a new file
     */
    public record Step(int index, int line, String name, String uses, int usesLine, String run, int runLine,
            Map<String, Value> with, Map<String, Value> env, String ifCond, int ifLine, boolean continueOnError,
            int continueOnErrorLine, String shell, Map<String, Object> raw) {
        public Step {
            with = Map.copyOf(with);
            env = Map.copyOf(env);
            raw = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(raw));
        }

        /** What the step does, for comparing steps across files: its action or its script, whitespace-normalised. */
        public String signature() {
            if (uses != null) {
                return "uses:" + uses.replaceAll("@.*$", "");
            }
            return "run:" + (run == null ? "" : run.strip().replaceAll("\\s+", " "));
        }
    }
}
