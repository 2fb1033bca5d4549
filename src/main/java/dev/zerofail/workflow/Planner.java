package dev.zerofail.workflow;

import dev.zerofail.core.Report;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Proposes the consolidated set: each existing workflow is mapped to one of the core workflows
 * (production deploy, staging deploy, secret sync, quality gate, security scan) plus an
 * emergency deploy; step sequences copied across files become composite actions.
 */
public final class Planner {
    public static final String PRODUCTION = ".github/workflows/deploy-production.yml";
    public static final String STAGING = ".github/workflows/deploy-staging.yml";
    public static final String SECRETS = ".github/workflows/secrets-sync.yml";
    public static final String QUALITY = ".github/workflows/quality.yml";
    public static final String SECURITY = ".github/workflows/security.yml";
    public static final String EMERGENCY = ".github/workflows/emergency-deploy.yml";

    private static final Pattern TAG_REPO = Pattern.compile("([a-z0-9.-]+(?::\\d+)?/[a-z0-9._/-]+?)/([a-z0-9._-]+)(?::[^,\\s]*)?");
    private static final Pattern DOCKER_BUILD = Pattern.compile("docker\\s+build\\s+.*?-t\\s+(\\S+)\\s+(\\S+)");
    private static final Pattern SECRET = Pattern.compile("\\$\\{\\{\\s*secrets\\.([A-Za-z0-9_]+)\\s*}}");

    private Planner() {
    }

    public static ConsolidationPlan plan(WorkflowSet set) {
        return plan(set, WorkflowsConfig.defaults());
    }

    public static ConsolidationPlan plan(WorkflowSet set, WorkflowsConfig config) {
        List<String> core = config.coreFiles();
        Report before = WorkflowAnalyzer.analyze(set);
        List<Workflow> active = set.active();
        List<Workflow> legacy = active.stream().filter(w -> !Generator.isGenerated(w, set.root())).toList();
        Map<String, List<String>> targets = new LinkedHashMap<>();
        core.forEach(c -> targets.put(c, new ArrayList<>()));
        List<String> kept = new ArrayList<>();
        Map<String, Purpose> purposes = new LinkedHashMap<>();
        for (Workflow w : legacy) {
            Purpose p = Purpose.of(w);
            purposes.put(w.path(), p);
            String target = target(w, p);
            if (target != null && !core.contains(target)) {
                // not in the chosen core set: deploys go to production, the rest stay as they are
                target = p == Purpose.DEPLOY || p == Purpose.BUILD ? PRODUCTION : null;
            }
            if (target == null) {
                kept.add(w.path());
            } else {
                targets.get(target).add(w.path());
            }
        }
        if (legacy.isEmpty() || active.stream().allMatch(w -> !legacy.contains(w) || kept.contains(w.path()))
                && core.stream().allMatch(c -> active.stream().anyMatch(w -> w.path().equals(c)))) {
            return new ConsolidationPlan(Map.of(), kept, List.of(), List.of(), Map.of(), Map.of(),
                    figures(before, set), figures(before, set));
        }
        Generator gen = Generator.forSet(set);
        Map<String, String> services = services(active);
        String registry = registry(active);
        List<Workflow> quality = legacy.stream()
                .filter(w -> targets.getOrDefault(QUALITY, List.of()).contains(w.path())).toList();
        List<ConsolidationPlan.CompositeAction> actions = new ArrayList<>();
        Map<String, String> files = new TreeMap<>();
        Map<String, List<Workflow.Step>> actionSteps = compositeActions(legacy, actions);
        // the quality gate and each deploy's test job call the shared actions
        actionSteps.forEach((name, steps) -> files.put(".github/actions/" + name + "/action.yml",
                gen.compositeAction(name, steps, actions.stream().filter(a -> a.name().equals(name)).findFirst().orElseThrow())));
        files.put(".github/actions/" + Generator.BUILD_IMAGE + "/action.yml", gen.buildImageAction());
        Map<String, java.util.function.Supplier<String>> generators = Map.of(
                PRODUCTION, () -> gen.deploy("production", "main", services, registry, actions),
                STAGING, () -> gen.deploy("staging", "staging", services, registry, actions),
                SECRETS, gen::secretsSync,
                QUALITY, () -> gen.quality(quality, actionSteps),
                SECURITY, gen::security,
                EMERGENCY, () -> gen.emergency(services));
        core.forEach(c -> files.put(c, generators.get(c).get()));
        List<String> archived = legacy.stream().map(Workflow::path).filter(p -> !kept.contains(p)).toList();
        Map<String, Object> after = afterFigures(set, files, archived);
        return new ConsolidationPlan(targets, kept, archived, actions, files, services, figures(before, set), after);
    }

    /** Which core workflow does this one's job, or null to keep it. */
    static String target(Workflow w, Purpose p) {
        String words = ((w.name() == null ? "" : w.name()) + " " + w.path()).toLowerCase(Locale.ROOT);
        boolean manualOnly = w.triggers().keySet().stream().allMatch(t -> t.equals("workflow_dispatch"));
        boolean staging = w.jobs().stream().anyMatch(j -> j.environment() != null
                && j.environment().toLowerCase(Locale.ROOT).contains("stag")) || words.contains("staging");
        return switch (p) {
            case DEPLOY -> manualOnly && words.matches(".*(hotfix|emergency|rollback|manual).*") ? EMERGENCY
                    : staging || w.triggers().containsKey("schedule") ? STAGING : PRODUCTION;
            case BUILD -> PRODUCTION;
            case QUALITY -> QUALITY;
            case SECURITY -> SECURITY;
            case SECRETS -> SECRETS;
            default -> null;
        };
    }

    /** Images the workflows build: from docker/build-push-action tags and docker build -t, name → context. */
    static Map<String, String> services(List<Workflow> active) {
        Map<String, String> out = new TreeMap<>();
        for (Workflow w : active) {
            for (Workflow.Job j : w.jobs()) {
                for (Workflow.Step s : j.steps()) {
                    if (s.uses() != null && s.uses().startsWith("docker/build-push-action")) {
                        Workflow.Value tags = s.with().get("tags");
                        Workflow.Value context = s.with().get("context");
                        if (tags != null) {
                            Matcher m = TAG_REPO.matcher(tags.text());
                            if (m.find()) {
                                out.putIfAbsent(m.group(2), context == null ? "." : context.text());
                            }
                        }
                    }
                    if (s.run() != null) {
                        Matcher m = DOCKER_BUILD.matcher(s.run());
                        while (m.find()) {
                            String image = m.group(1).replaceAll(":.*$", "");
                            out.putIfAbsent(image.substring(image.lastIndexOf('/') + 1), m.group(2));
                        }
                    }
                }
            }
        }
        if (out.isEmpty()) {
            out.put("app", ".");
        }
        return out;
    }

    /** The registry path the images are pushed to today (ghcr.io/acme-corp), or a repository variable. */
    static String registry(List<Workflow> active) {
        for (Workflow w : active) {
            for (Workflow.Job j : w.jobs()) {
                for (Workflow.Step s : j.steps()) {
                    Workflow.Value tags = s.with().get("tags");
                    if (tags != null) {
                        Matcher m = TAG_REPO.matcher(tags.text());
                        if (m.find() && !m.group(1).contains("${{")) {
                            return m.group(1);
                        }
                    }
                }
            }
        }
        return "${{ vars.REGISTRY }}";
    }

    /** Runs of >= 4 steps copied between files become composite actions, named by what they do. */
    static Map<String, List<Workflow.Step>> compositeActions(List<Workflow> legacy, List<ConsolidationPlan.CompositeAction> out) {
        Map<String, List<Workflow.Step>> bySignature = new LinkedHashMap<>();
        Map<String, Set<String>> fromBySignature = new LinkedHashMap<>();
        for (int a = 0; a < legacy.size(); a++) {
            for (int b = a + 1; b < legacy.size(); b++) {
                for (Workflow.Job ja : legacy.get(a).jobs()) {
                    for (Workflow.Job jb : legacy.get(b).jobs()) {
                        int[] run = WorkflowAnalyzer.longestRun(ja.steps(), jb.steps());
                        if (run == null || run[2] < WorkflowAnalyzer.MIN_DUPLICATE_RUN) {
                            continue;
                        }
                        List<Workflow.Step> steps = ja.steps().subList(run[0], run[0] + run[2]);
                        // deploy steps become zerofail deploy and image steps the build matrix; checkout
                        // must come before a local action can be found, so it stays in the workflow
                        List<Workflow.Step> kept = steps.stream().filter(s -> !Purpose.isDeployStep(s) && !imageStep(s)
                                && !(s.uses() != null && s.uses().startsWith("actions/checkout"))).toList();
                        if (kept.size() < WorkflowAnalyzer.MIN_DUPLICATE_RUN) {
                            continue;
                        }
                        String sig = String.join("\n", kept.stream().map(Workflow.Step::signature).toList());
                        bySignature.putIfAbsent(sig, kept);
                        Set<String> from = fromBySignature.computeIfAbsent(sig, k -> new LinkedHashSet<>());
                        from.add(legacy.get(a).path() + ":" + steps.get(0).line());
                        from.add(legacy.get(b).path() + ":" + jb.steps().get(run[1]).line());
                    }
                }
            }
        }
        Map<String, List<Workflow.Step>> named = new LinkedHashMap<>();
        for (Map.Entry<String, List<Workflow.Step>> e : bySignature.entrySet()) {
            // a run contained in a longer one already extracted adds nothing
            if (bySignature.keySet().stream().anyMatch(o -> o.length() > e.getKey().length() && o.contains(e.getKey()))) {
                continue;
            }
            String name = actionName(e.getValue(), named.keySet());
            Set<String> inputs = new LinkedHashSet<>();
            for (Workflow.Step s : e.getValue()) {
                collectSecrets(s.run(), inputs);
                s.with().values().forEach(v -> collectSecrets(v.text(), inputs));
                s.env().values().forEach(v -> collectSecrets(v.text(), inputs));
            }
            named.put(name, e.getValue());
            out.add(new ConsolidationPlan.CompositeAction(name, ".github/actions/" + name + "/action.yml",
                    List.copyOf(fromBySignature.get(e.getKey())), List.copyOf(inputs), e.getValue().size()));
        }
        return named;
    }

    private static boolean imageStep(Workflow.Step s) {
        String uses = s.uses() == null ? "" : s.uses();
        String run = s.run() == null ? "" : s.run();
        return uses.startsWith("docker/") || run.matches("(?s).*\\bdocker\\s+(build|push|login|buildx|tag)\\b.*");
    }

    private static void collectSecrets(String text, Set<String> into) {
        if (text == null) {
            return;
        }
        Matcher m = SECRET.matcher(text);
        while (m.find()) {
            into.add(m.group(1));
        }
    }

    private static String actionName(List<Workflow.Step> steps, Set<String> taken) {
        String all = String.join(" ", steps.stream().map(Workflow.Step::signature).toList()).toLowerCase(Locale.ROOT);
        String base = all.contains("build-push-action") || all.contains("docker build") ? "build-images"
                : all.contains("setup-") ? "setup-and-test"
                : all.contains("test") ? "run-tests" : "shared-steps";
        String name = base;
        for (int i = 2; taken.contains(name); i++) {
            name = base + "-" + i;
        }
        return name;
    }

    private static Map<String, Object> figures(Report r, WorkflowSet set) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("workflows", r.summary().get("workflows"));
        m.put("lines", r.summary().get("lines"));
        m.put("duplicatedLines", r.summary().get("duplicatedLines"));
        m.put("findings", r.findings().size());
        m.put("byRule", r.summary().get("byRule"));
        return m;
    }

    /** Figures of the set as it would be after apply: the generated files plus what is kept, analysed for real. */
    private static Map<String, Object> afterFigures(WorkflowSet set, Map<String, String> files, List<String> archived) {
        List<Workflow> after = new ArrayList<>();
        List<WorkflowSet.Failure> failures = new ArrayList<>();
        for (Workflow w : set.workflows()) {
            if (!archived.contains(w.path()) && !files.containsKey(w.path())) {
                after.add(w);
            }
        }
        for (Map.Entry<String, String> f : files.entrySet()) {
            try {
                after.add(WorkflowParser.parse(f.getKey(), f.getValue()));
            } catch (WorkflowParser.ParseError e) {
                failures.add(new WorkflowSet.Failure(f.getKey(), e.line(), e.getMessage()));
            }
        }
        return figures(WorkflowAnalyzer.analyze(new WorkflowSet(set.root(), after, failures)), set);
    }
}
