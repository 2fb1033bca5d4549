package dev.zerofail.workflow;

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
 * (production deploy, staging deploy, secret sync, quality gate with the secret scan) plus an
 * emergency deploy, five in all as the definition of done asks; a separate security workflow is
 * opt-in ({@code workflows.core}). Step sequences copied across files become composite actions.
 */
public final class Planner {
    public static final String PRODUCTION = ".github/workflows/deploy-production.yml";
    public static final String STAGING = ".github/workflows/deploy-staging.yml";
    public static final String SECRETS = ".github/workflows/secrets-sync.yml";
    public static final String QUALITY = ".github/workflows/quality.yml";
    public static final String SECURITY = ".github/workflows/security.yml";
    public static final String EMERGENCY = ".github/workflows/emergency-deploy.yml";

    private static final Pattern TAG_REPO = Pattern.compile("([a-z0-9.-]+(?::\\d+)?/[a-z0-9._/-]+?)/([a-z0-9._-]+)(?::[^,\\s]*)?");
    private static final Pattern SECRET = Pattern.compile("\\$\\{\\{\\s*secrets\\.([A-Za-z0-9_]+)\\s*}}");

    private Planner() {
    }

    public static ConsolidationPlan plan(WorkflowSet set) {
        return plan(set, WorkflowsConfig.defaults());
    }

    public static ConsolidationPlan plan(WorkflowSet set, WorkflowsConfig config) {
        List<String> core = config.coreFiles();
        ConsolidationPlan.Figures before = ConsolidationPlan.Figures.of(WorkflowAnalyzer.run(set).result());
        List<Workflow> active = set.active();
        List<Workflow> legacy = active.stream().filter(w -> !Generator.isGenerated(w, set.root())).toList();
        // GitHub cannot run a top-level workflow it cannot parse: it is the first one to retire
        List<String> unreadable = set.activeFailures().stream().map(WorkflowSet.Failure::path)
                .filter(p -> p.startsWith(".github/workflows/")).toList();
        Map<String, List<String>> targets = new LinkedHashMap<>();
        core.forEach(c -> targets.put(c, new ArrayList<>()));
        List<Workflow> keptWorkflows = new ArrayList<>();
        for (Workflow w : legacy) {
            Purpose p = Purpose.of(w);
            String target = target(w, p);
            if (target != null && !core.contains(target)) {
                // not in the chosen core set: deploys go to production, security scans are replaced by the
                // quality gate's secret scan (as security.yml would replace them), the rest stay as they are
                target = p == Purpose.DEPLOY || p == Purpose.BUILD ? PRODUCTION
                        : p == Purpose.SECURITY && core.contains(QUALITY) ? QUALITY : null;
            }
            if (target == null) {
                keptWorkflows.add(w);
            } else {
                targets.get(target).add(w.path());
            }
        }
        List<String> keptPaths = keptWorkflows.stream().map(Workflow::path).toList();
        if (unreadable.isEmpty() && (legacy.isEmpty() || active.stream().allMatch(w -> !legacy.contains(w) || keptPaths.contains(w.path()))
                && core.stream().allMatch(c -> active.stream().anyMatch(w -> w.path().equals(c))))) {
            return new ConsolidationPlan(Map.of(), keptPaths, List.of(), List.of(), Map.of(), Map.of(),
                    before, before, List.of(), Map.of(), List.of(), List.of(), null);
        }
        List<ConsolidationPlan.Kept> keptReasons = new ArrayList<>();
        Generator gen = Generator.forSet(set);
        Images.Result inferred = Images.infer(set.root(), active);
        List<Images.Image> images = inferred.images();
        boolean defaultImage = images.isEmpty();
        if (defaultImage) {
            images = List.of(new Images.Image("app", ".", null, List.of(), null, null, "(none)"));
        }
        String registry = registry(active);
        boolean registryUnset = registry.contains("vars.REGISTRY") && images.stream().anyMatch(i -> i.image() == null);
        Map<String, List<String>> logins = Generator.logins(active);
        List<ConsolidationPlan.MissingLogin> missingLogins = new ArrayList<>();
        for (Images.Image i : images) {
            String ref = i.image() != null ? i.image() : registry + "/" + i.name();
            String host = Generator.host(ref);
            if (!host.contains("${{") && !host.equals("ghcr.io") && !logins.containsKey(host)) {
                missingLogins.add(new ConsolidationPlan.MissingLogin(i.name(), ref, host));
            }
        }
        ConsolidationPlan.ImagePlan imagePlan = new ConsolidationPlan.ImagePlan(registry, registryUnset, defaultImage,
                inferred.unmapped().stream().distinct().toList(), missingLogins);
        Map<String, String> services = new TreeMap<>();
        images.forEach(i -> services.put(i.name(), i.context()));
        // the quality gate copies the jobs of quality workflows; security workflows it replaces with its scan
        List<Workflow> quality = legacy.stream()
                .filter(w -> targets.getOrDefault(QUALITY, List.of()).contains(w.path()) && Purpose.of(w) != Purpose.SECURITY)
                .toList();
        List<ConsolidationPlan.CompositeAction> actions = new ArrayList<>();
        Map<String, String> files = new TreeMap<>();
        Map<String, List<Workflow.Step>> actionSteps = compositeActions(legacy, actions);
        // the quality gate and each deploy's test job call the shared actions
        actionSteps.forEach((name, steps) -> files.put(".github/actions/" + name + "/action.yml",
                gen.compositeAction(name, steps, actions.stream().filter(a -> a.name().equals(name)).findFirst().orElseThrow())));
        files.put(".github/actions/" + Generator.BUILD_IMAGE + "/action.yml", gen.buildImageAction());
        List<Images.Image> imgs = images;
        Map<String, java.util.function.Supplier<Generator.Doc>> generators = Map.of(
                PRODUCTION, () -> gen.deploy("production", gen.branch, imgs, registry, logins, actions),
                STAGING, () -> gen.deploy("staging", "staging", imgs, registry, logins, actions),
                SECRETS, gen::secretsSync,
                QUALITY, () -> gen.quality(quality, actionSteps, !core.contains(SECURITY)),
                SECURITY, gen::security,
                EMERGENCY, () -> gen.emergency(List.copyOf(services.keySet())));
        Map<String, Generator.Doc> docs = new LinkedHashMap<>();
        core.forEach(c -> docs.put(c, generators.get(c).get()));
        Map<String, List<Workflow>> folds = fold(keptWorkflows, docs, keptReasons);
        List<String> kept = new ArrayList<>(keptWorkflows.stream().map(Workflow::path)
                .filter(p -> folds.values().stream().noneMatch(l -> l.stream().anyMatch(w -> w.path().equals(p)))).toList());
        List<String> archived = new ArrayList<>(legacy.stream().map(Workflow::path).filter(p -> !kept.contains(p)).toList());
        // a reusable workflow that a kept or folded job still calls must stay where it is called from
        List<Workflow> remaining = legacy.stream().filter(w -> kept.contains(w.path())
                || folds.values().stream().anyMatch(l -> l.contains(w))).toList();
        for (Workflow w : remaining) {
            for (Workflow.Job j : w.jobs()) {
                String callee = j.uses() == null ? null : j.uses().replaceFirst("^\\./", "").replaceFirst("@.*$", "");
                if (callee != null && archived.remove(callee)) {
                    kept.add(callee);
                    keptReasons.add(new ConsolidationPlan.Kept(callee, ConsolidationPlan.KeptReason.CALLED, null, w.path(), j.id()));
                }
            }
        }
        archived.addAll(unreadable);
        List<ConsolidationPlan.Unreadable> problems = unreadable.stream().map(u -> new ConsolidationPlan.Unreadable(u,
                set.failures().stream().filter(f -> f.path().equals(u)).findFirst().map(WorkflowSet.Failure::problem)
                        .orElse(""))).toList();
        docs.forEach((file, doc) -> files.put(file, gen.render(new Generator.Doc(doc.what(),
                Folder.fold(doc.body(), folds.getOrDefault(file, List.of()))))));
        ConsolidationPlan.Figures after = afterFigures(set, files, archived);
        Map<String, List<String>> folded = new LinkedHashMap<>();
        folds.forEach((t, ws) -> folded.put(t, ws.stream().map(Workflow::path).toList()));
        return new ConsolidationPlan(targets, kept, archived, actions, files, services, before, after,
                unreadable, folded, keptReasons, problems, imagePlan);
    }

    /** Core files a workflow with no core purpose may join, closest first. */
    private static List<String> foldOrder(Purpose p) {
        return p == Purpose.MONITORING ? List.of(PRODUCTION, STAGING, QUALITY, SECURITY, SECRETS, EMERGENCY)
                : List.of(QUALITY, SECURITY, PRODUCTION, STAGING, SECRETS, EMERGENCY);
    }

    /** Assigns each kept workflow to the closest core workflow whose triggers it fits; notes why the rest stay. */
    private static Map<String, List<Workflow>> fold(List<Workflow> kept, Map<String, Generator.Doc> docs,
            List<ConsolidationPlan.Kept> reasons) {
        Map<String, List<Workflow>> out = new LinkedHashMap<>();
        Map<String, Map<String, Object>> on = new LinkedHashMap<>();
        docs.forEach((f, d) -> on.put(f, Folder.events(d.body().get("on"))));
        for (Workflow w : kept) {
            ConsolidationPlan.KeptReason why = Folder.unfoldable(w);
            String into = null;
            if (why == null) {
                for (String t : foldOrder(Purpose.of(w))) {
                    if (on.containsKey(t) && Folder.fits(on.get(t), w)) {
                        into = t;
                        break;
                    }
                }
                why = into == null ? ConsolidationPlan.KeptReason.TRIGGERS_CLASH : null;
            }
            if (into == null) {
                reasons.add(new ConsolidationPlan.Kept(w.path(), why, why == ConsolidationPlan.KeptReason.TRIGGERS_CLASH
                        ? List.copyOf(w.triggers().keySet()) : null, null, null));
                continue;
            }
            out.computeIfAbsent(into, k -> new ArrayList<>()).add(w);
            Folder.events(w.raw().get(w.raw().containsKey("on") ? "on" : "true")).forEach(on.get(into)::putIfAbsent);
        }
        return out;
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

    /** Figures of the set as it would be after apply: the generated files plus what is kept, analysed for real. */
    private static ConsolidationPlan.Figures afterFigures(WorkflowSet set, Map<String, String> files, List<String> archived) {
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
        return ConsolidationPlan.Figures.of(WorkflowAnalyzer.run(new WorkflowSet(set.root(), after, failures)).result());
    }
}
