package dev.zerofail.init;

import dev.zerofail.compose.ComposeLoader;
import dev.zerofail.compose.ComposeProject;
import dev.zerofail.core.AtomicFiles;
import dev.zerofail.core.ConfigNode;
import dev.zerofail.core.ExitCode;
import dev.zerofail.core.Report;
import dev.zerofail.core.ZerofailConfig;
import dev.zerofail.core.ZerofailException;
import dev.zerofail.deploy.DeployConfig;
import dev.zerofail.core.Durations;
import dev.zerofail.history.HistoryConfig;
import dev.zerofail.history.HistoryStore;
import dev.zerofail.scan.RuleSet;
import dev.zerofail.scan.ScanConfig;
import dev.zerofail.secrets.Manifest;
import dev.zerofail.secrets.ReferenceFinder;
import dev.zerofail.secrets.SecretsImport;
import dev.zerofail.secrets.StoresConfig;
import dev.zerofail.workflow.WorkflowsConfig;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code zerofail init}: looks at a repository (compose files, .env templates, Pulumi ESC
 * definitions, workflows) and drafts a starting {@code zerofail.yaml} with a comment on every key.
 * The draft is read back through every section's real loader before it may be written, so what
 * init writes is what the other commands accept.
 */
public final class Init {
    /** File-name words that name a deploy environment, and the environment they mean. */
    static final Map<String, String> ENV_WORDS = envWords();
    /** Words of files for a laptop or a test run, never a deploy target. */
    static final Set<String> LOCAL_WORDS = Set.of("dev", "development", "local", "test", "tests", "testing", "e2e", "ci",
            "override", "debug", "example", "sample");
    static final Pattern TEMPLATE_NAME = Pattern.compile(
            "(?:.*\\.)?env\\.(?:example|sample|template|dist|defaults|tpl|tmpl)|(?:example|sample|template)\\.env|"
                    + "\\.env\\.[a-z]+\\.(?:example|sample|template)");
    private static final Set<String> SKIPPED_DIRS = Set.of("node_modules", "vendor", "target", "build", "dist", "venv",
            "__pycache__", "bower_components");
    private static final int MAX_DEPTH = 6;
    private static final long MAX_BYTES = 1 << 20;
    private static final Pattern HEALTH_URL = Pattern.compile(
            "(https?)://(?:localhost|127\\.0\\.0\\.1|0\\.0\\.0\\.0|\\[::1])(?::(\\d{1,5}))?(/[^\\s'\"\\\\|;&)?#`]*)?");
    private static final Pattern DEFAULTED = Pattern.compile("\\$\\{[A-Za-z_][A-Za-z0-9_]*:?-(\\d{1,5})}");
    private static final Pattern ENV_NAME = Pattern.compile("[a-z0-9][a-z0-9_-]*");
    /** Container ports that usually serve HTTP: only these get a suggested (commented) HTTP check. */
    private static final Set<Long> HTTP_PORTS = Set.of(80L, 3000L, 4000L, 5000L, 8000L, 8080L, 8081L, 8888L);
    static final Duration DEFAULT_TIMEOUT = DeployConfig.Health.DEFAULT.timeout();

    private Init() {
    }

    /**
     * What is in the repository, before any question is asked.
     *
     * @param environments a guess: environment → its compose files (relative paths, in merge order)
     * @param compose      every compose and stack file found
     * @param templates    .env templates ({@code .env.example}…)
     * @param esc          Pulumi ESC environment definitions ({@code values:} with {@code fn::secret})
     * @param workflows    {@code .github/workflows} exists
     */
    public record Survey(Path root, String project, List<String> compose, Map<String, List<String>> environments,
            List<String> templates, List<String> esc, boolean workflows, List<String> warnings) {
        public Survey {
            compose = List.copyOf(compose);
            environments = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(environments));
            templates = List.copyOf(templates);
            esc = List.copyOf(esc);
            warnings = List.copyOf(warnings);
        }

        /** Where secrets can be imported from, as the question names them. */
        public List<String> secretSources() {
            List<String> s = new ArrayList<>(templates);
            s.addAll(esc);
            if (workflows) {
                s.add(".github/workflows");
            }
            return s;
        }
    }

    /**
     * The answers (or the defaults): which environments, their compose files, the stack prefix,
     * whether to import secrets, and the history store URL.
     */
    public record Choices(Map<String, List<String>> environments, String project, boolean importSecrets, String history) {
        public Choices {
            environments = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(environments));
        }

        public static Choices defaults(Survey s) {
            return new Choices(s.environments(), s.project(), true, HistoryStore.DEFAULT_URL);
        }
    }

    /** The text to write, its facts, and what could not be read. */
    public record Draft(Path file, String yaml, InitResult result, List<String> warnings) {
        public Draft {
            warnings = List.copyOf(warnings);
        }
    }

    // ---------------------------------------------------------------------------------------- survey

    public static Survey survey(Path root) {
        if (!Files.isDirectory(root)) {
            throw ZerofailException.usage(root.toString(), "not a directory", "pass the repository root");
        }
        List<String> compose = new ArrayList<>();
        List<String> templates = new ArrayList<>();
        List<String> esc = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        walk(root, compose, templates, esc, warnings);
        Map<String, Set<String>> services = new LinkedHashMap<>();
        for (String f : compose) {
            services.put(f, topServices(root, f, warnings));
        }
        java.util.function.Predicate<String> loads = f -> {
            try {
                ComposeLoader.load(List.of(root.resolve(f)), new ComposeLoader.Options(Map.of(), false, null));
                return true;
            } catch (ZerofailException e) {
                return false;
            }
        };
        return new Survey(root, project(root), compose, guess(compose, services, loads), templates, esc,
                Files.isDirectory(root.resolve(".github/workflows")), warnings);
    }

    private static void walk(Path root, List<String> compose, List<String> templates, List<String> esc, List<String> warnings) {
        try {
            Files.walkFileTree(root, Set.of(), MAX_DEPTH, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) {
                    String name = d.getFileName() == null ? "" : d.getFileName().toString();
                    return !d.equals(root) && (name.startsWith(".") || SKIPPED_DIRS.contains(name))
                            ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path f, BasicFileAttributes attrs) {
                    if (!attrs.isRegularFile()) {
                        return FileVisitResult.CONTINUE;
                    }
                    String rel = rel(root, f);
                    String name = f.getFileName().toString().toLowerCase(Locale.ROOT);
                    if (TEMPLATE_NAME.matcher(name).matches()) {
                        templates.add(rel);
                    } else if (dev.zerofail.compose.ComposeAnalyzer.isComposeFile(name)) {
                        compose.add(rel);
                    } else if ((name.endsWith(".yaml") || name.endsWith(".yml")) && attrs.size() <= MAX_BYTES && isEsc(f)) {
                        esc.add(rel);
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path f, IOException e) {
                    warnings.add(rel(root, f) + ": not readable (" + e.getClass().getSimpleName() + ")");
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw ZerofailException.usage(root.toString(), "cannot list the directory: " + e.getClass().getSimpleName(),
                    "check permissions");
        }
        Comparator<String> byDepth = Comparator.comparingInt((String p) -> p.split("/").length).thenComparing(p -> p);
        compose.sort(byDepth);
        templates.sort(byDepth);
        esc.sort(byDepth);
    }

    /** An ESC definition: a top-level {@code values:} holding at least one {@code fn::secret}. */
    private static boolean isEsc(Path f) {
        try {
            String text = StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(Files.readAllBytes(f))).toString();
            return text.contains("fn::secret") && Pattern.compile("(?m)^values:\\s*$").matcher(text).find();
        } catch (CharacterCodingException e) {
            return false;
        } catch (IOException e) {
            return false;
        }
    }

    static String rel(Path root, Path p) {
        return root.relativize(p).toString().replace('\\', '/');
    }

    /** The directory's name as a stack prefix: lower case, letters, digits, '-' and '_'. */
    static String project(Path root) {
        Path name = root.toAbsolutePath().normalize().getFileName();
        String n = name == null ? "" : name.toString().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_-]+", "-")
                .replaceAll("^[^a-z0-9]+|-+$", "");
        return n.isEmpty() ? "app" : n;
    }

    /** The service names a file defines at its top level; empty (and a warning) when it cannot be read. */
    private static Set<String> topServices(Path repo, String rel, List<String> warnings) {
        try {
            ConfigNode root = ConfigNode.load(repo.resolve(rel));
            return root.get("services").filter(n -> !n.isNull()).map(n -> (Set<String>) new LinkedHashSet<>(n.entries().keySet()))
                    .orElse(Set.of());
        } catch (ZerofailException e) {
            warnings.add(describe(repo, e));
            return Set.of();
        }
    }

    /**
     * The environment a file is for, from the words of its path, the file name first
     * ({@code deploy/prod/swarm/stack.yml} → prod): an environment name, "" for a local or test
     * file, null when no word says.
     */
    static String environmentOf(String rel) {
        String[] words = rel.toLowerCase(Locale.ROOT).split("[/._-]+");
        for (int i = words.length - 1; i >= 0; i--) {
            String env = ENV_WORDS.get(words[i]);
            if (env != null) {
                return env;
            }
            if (LOCAL_WORDS.contains(words[i])) {
                return "";
            }
        }
        return null;
    }

    /**
     * Environments from file names. A file for an environment whose services all appear in a base
     * file of its folder ({@code docker-compose.yml}) is read as an override of that base, the way
     * {@code docker compose -f docker-compose.yml -f docker-compose.prod.yml} reads it; otherwise it
     * stands alone. Without any such file, the one base file (a stack file first) becomes {@code prod}.
     */
    static Map<String, List<String>> guess(List<String> compose, Map<String, Set<String>> services,
            java.util.function.Predicate<String> loads) {
        Map<String, String> chosen = new LinkedHashMap<>();
        for (String f : compose) {
            String env = environmentOf(f);
            if (env != null && !env.isEmpty()) {
                chosen.merge(env, f, (a, b) -> preferred(a, b));
            }
        }
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (String env : ordered(chosen.keySet())) {
            String f = chosen.get(env);
            String base = baseIn(compose, parent(f));
            Set<String> own = services.getOrDefault(f, Set.of());
            boolean overlay = base != null && !base.equals(f) && !own.isEmpty()
                    && services.getOrDefault(base, Set.of()).containsAll(own);
            out.put(env, overlay ? List.of(base, f) : List.of(f));
        }
        if (out.isEmpty()) {
            // a base file (a stack file first), else the file defining the most services; the first of them that
            // loads on its own, since a fragment another file includes or extends cannot be deployed alone
            List<String> candidates = compose.stream().filter(f -> environmentOf(f) == null)
                    .sorted(Comparator.comparingInt((String f) -> dev.zerofail.compose.ComposeAnalyzer.isBaseFile(name(f)) ? 0 : 1)
                            .thenComparingInt(f -> f.split("/").length)
                            .thenComparingInt(f -> name(f).contains("stack") ? 0 : 1)
                            .thenComparingInt(f -> -services.getOrDefault(f, Set.of()).size())
                            .thenComparing(f -> f))
                    .toList();
            candidates.stream().filter(loads).findFirst().or(() -> candidates.stream().findFirst())
                    .ifPresent(f -> out.put("prod", List.of(f)));
        }
        return out;
    }

    /** Of two files for one environment: a stack file (written for Swarm), else the shallower one. */
    private static String preferred(String a, String b) {
        boolean sa = name(a).contains("stack");
        boolean sb = name(b).contains("stack");
        if (sa != sb) {
            return sa ? a : b;
        }
        return a.split("/").length <= b.split("/").length ? a : b;
    }

    private static List<String> ordered(Set<String> envs) {
        List<String> order = List.of("prod", "staging", "qa", "uat", "preview", "demo", "sandbox");
        return envs.stream().sorted(Comparator.comparingInt((String e) -> order.indexOf(e) < 0 ? 99 : order.indexOf(e))
                .thenComparing(e -> e)).toList();
    }

    private static String baseIn(List<String> compose, String dir) {
        return compose.stream().filter(f -> parent(f).equals(dir) && dev.zerofail.compose.ComposeAnalyzer.isBaseFile(name(f)))
                .sorted(Comparator.comparing((String f) -> name(f).contains("stack") ? 1 : 0).thenComparing(f -> f))
                .findFirst().orElse(null);
    }

    private static String parent(String rel) {
        int i = rel.lastIndexOf('/');
        return i < 0 ? "" : rel.substring(0, i);
    }

    private static String name(String rel) {
        return rel.substring(rel.lastIndexOf('/') + 1).toLowerCase(Locale.ROOT);
    }

    /** A name given for an environment must be a YAML-plain, Swarm-friendly word. */
    public static boolean validEnvironment(String name) {
        return ENV_NAME.matcher(name).matches() && name.length() <= 40;
    }

    private static Map<String, String> envWords() {
        Map<String, String> m = new LinkedHashMap<>();
        for (String w : List.of("prod", "production", "prd", "live")) {
            m.put(w, "prod");
        }
        for (String w : List.of("staging", "stage", "stg")) {
            m.put(w, "staging");
        }
        for (String w : List.of("qa", "uat", "preview", "demo", "sandbox")) {
            m.put(w, w);
        }
        return java.util.Collections.unmodifiableMap(m);
    }

    // ---------------------------------------------------------------------------------------- draft

    /** Services of one environment, read from its compose files as {@code deploy} will read them. */
    private record EnvPlan(String name, String stack, List<String> compose, List<ServicePlan> services) {
    }

    private record ServicePlan(InitResult.Service facts, String httpFrom, String suggestion) {
    }

    /** Drafts the file; {@code rules} are the scanner rules whose ids name the manifest's formats. */
    public static Draft draft(Survey s, Choices c, RuleSet rules, boolean replaced, boolean interactive) {
        Path root = s.root();
        List<String> warnings = new ArrayList<>(s.warnings());
        List<EnvPlan> envs = new ArrayList<>();
        for (Map.Entry<String, List<String>> e : c.environments().entrySet()) {
            if (!validEnvironment(e.getKey())) {
                throw ZerofailException.usage(e.getKey(), "not a usable environment name",
                        "use lower-case letters, digits, '-' and '_', starting with a letter or digit");
            }
            envs.add(environment(root, e.getKey(), e.getValue(), c.project(), warnings));
        }
        Set<String> used = new LinkedHashSet<>();
        envs.forEach(e -> used.addAll(e.compose()));
        List<String> unused = s.compose().stream().filter(f -> !used.contains(f)).toList();

        String entries = "";
        List<String> sources = List.of();
        if (c.importSecrets() && !s.secretSources().isEmpty()) {
            SecretsImport imp = new SecretsImport(rules);
            for (String t : s.templates()) {
                read(() -> imp.dotenv(root.resolve(t), t), t, warnings);
            }
            for (String f : s.esc()) {
                read(() -> imp.esc(root.resolve(f), f), f, warnings);
            }
            if (s.workflows()) {
                read(() -> imp.workflows(root, ".github/workflows"), ".github/workflows", warnings);
            }
            imp.services(ReferenceFinder.find(root).references());
            imp.notes().forEach(n -> warnings.add("secrets import: " + n));
            entries = imp.entries();
            sources = imp.sources();
        }
        int secretCount = (int) entries.lines().filter(l -> l.startsWith("    - name: ")).count();

        String yaml = render(s, c, envs, unused, entries, sources);
        Path file = root.resolve(ZerofailConfig.FILE_NAME);
        check(file, root, yaml);
        InitResult result = new InitResult(ZerofailConfig.FILE_NAME, replaced, interactive,
                envs.stream().map(e -> new InitResult.Environment(e.name(), e.stack(), e.compose(),
                        e.services().stream().map(ServicePlan::facts).toList())).toList(),
                unused, new InitResult.Secrets(secretCount, sources), c.history());
        return new Draft(file, yaml, result, warnings);
    }

    /** Writes the draft atomically; the caller decided whether an existing file may be replaced. */
    public static Report write(Draft d, Path root) {
        AtomicFiles.write(root, d.file(), d.yaml());
        return new Report("init", root.toString(), d.result(), List.of(), d.warnings());
    }

    /** The error's one line, with paths relative to the repository as everywhere else in the output. */
    private static String describe(Path root, ZerofailException e) {
        return e.describe().replace(root.toAbsolutePath().normalize() + java.io.File.separator, "");
    }

    private static void read(Runnable r, String what, List<String> warnings) {
        try {
            r.run();
        } catch (ZerofailException e) {
            warnings.add(what + ": not imported: " + e.describe());
        }
    }

    private static EnvPlan environment(Path root, String env, List<String> files, String project, List<String> warnings) {
        List<ServicePlan> services = new ArrayList<>();
        if (!files.isEmpty()) {
            try {
                ComposeProject p = ComposeLoader.load(files.stream().map(root::resolve).toList(),
                        new ComposeLoader.Options(Map.of(), false, root.resolve(files.get(0)).getParent()));
                p.services().forEach((name, svc) -> services.add(service(name, svc)));
            } catch (ZerofailException e) {
                warnings.add("environment " + env + ": services not read from " + String.join(" + ", files) + ": "
                        + describe(root, e));
            }
        }
        return new EnvPlan(env, project + "-" + env, files, services);
    }

    @SuppressWarnings("unchecked")
    private static ServicePlan service(String name, Object svcObj) {
        Map<String, Object> svc = svcObj instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
        Map<Long, Integer> published = new LinkedHashMap<>();
        if (svc.get("ports") instanceof List<?> ports) {
            for (Object o : ports) {
                if (o instanceof Map<?, ?> port && port.get("target") instanceof Long target) {
                    Integer pub = port(port.get("published"));
                    if (pub != null && !"udp".equals(port.get("protocol"))) {
                        published.putIfAbsent(target, pub);
                    }
                }
            }
        }
        Map<String, Object> hc = svc.get("healthcheck") instanceof Map<?, ?> m ? (Map<String, Object>) m : null;
        boolean healthcheck = hc != null && !Boolean.TRUE.equals(hc.get("disable")) && hc.get("test") instanceof List<?> t
                && !t.isEmpty() && !"NONE".equals(String.valueOf(t.get(0)));
        List<String> http = new ArrayList<>();
        String from = null;
        Duration timeout = DEFAULT_TIMEOUT;
        if (healthcheck) {
            List<?> test = (List<?>) hc.get("test");
            String command = String.join(" ", test.subList(1, test.size()).stream().map(String::valueOf).toList());
            Matcher m = HEALTH_URL.matcher(command);
            if (m.find()) {
                long target = m.group(2) != null ? Long.parseLong(m.group(2)) : m.group(1).equals("https") ? 443 : 80;
                Integer pub = published.get(target);
                String path = m.group(3) == null ? "/" : m.group(3);
                if (pub != null) {
                    http.add(m.group(1) + "://127.0.0.1:" + pub + path);
                    from = "the healthcheck's " + m.group(1) + "://localhost:" + target + path + ", published on port " + pub;
                }
            }
            timeout = timeout(hc);
        }
        String suggestion = http.isEmpty() ? published.entrySet().stream().filter(e -> HTTP_PORTS.contains(e.getKey()))
                .findFirst().map(e -> "http://127.0.0.1:" + e.getValue() + "/").orElse(null) : null;
        List<Integer> ports = new ArrayList<>(new TreeSet<>(published.values()));
        return new ServicePlan(new InitResult.Service(name, healthcheck, http, ports, timeout.toMillis()), from, suggestion);
    }

    /** A published port as a number: {@code 8080}, or the default of {@code ${PORT:-8080}}; null otherwise. */
    private static Integer port(Object published) {
        if (published instanceof Long l && l > 0 && l < 65536) {
            return l.intValue();
        }
        if (published instanceof String s) {
            Matcher m = DEFAULTED.matcher(s.strip());
            if (m.matches()) {
                int p = Integer.parseInt(m.group(1));
                return p > 0 && p < 65536 ? p : null;
            }
        }
        return null;
    }

    /**
     * Long enough for the container's own healthcheck to pass twice after its start period (Docker
     * runs the first check one interval after start), never below the 60 s default; whole 10 s.
     */
    static Duration timeout(Map<String, Object> hc) {
        Duration interval = duration(hc.get("interval"), Duration.ofSeconds(30));
        Duration perCheck = duration(hc.get("timeout"), Duration.ofSeconds(30));
        Duration start = duration(hc.get("start_period"), Duration.ZERO);
        long ms = start.plus(interval.multipliedBy(2)).plus(perCheck).toMillis();
        long rounded = (ms + 9_999) / 10_000 * 10;
        return Duration.ofSeconds(Math.max(DEFAULT_TIMEOUT.toSeconds(), Math.min(rounded, 3600)));
    }

    private static Duration duration(Object v, Duration dflt) {
        if (v == null) {
            return dflt;
        }
        try {
            return Durations.parse(String.valueOf(v), "healthcheck");
        } catch (ZerofailException e) {
            return dflt;
        }
    }

    /** Every section through the loader its command uses; a draft that fails one is a bug in init. */
    static void check(Path file, Path root, String yaml) {
        try {
            ZerofailConfig cfg = ZerofailConfig.parse(file, yaml);
            ScanConfig.from(cfg.section("scan"));
            WorkflowsConfig.from(cfg.section("workflows"));
            Manifest.load(cfg, root);
            StoresConfig.from(cfg.section("secrets"), root);
            DeployConfig.from(cfg, root);
            HistoryConfig.from(cfg.section("history"));
        } catch (ZerofailException e) {
            throw new ZerofailException(ExitCode.INTERNAL, file.toString(), "the drafted configuration does not load: "
                    + e.describe(), "please report it with the repository layout (file names) that caused it", e);
        }
    }

    // ---------------------------------------------------------------------------------------- render

    private static String render(Survey s, Choices c, List<EnvPlan> envs, List<String> unused, String entries,
            List<String> sources) {
        StringBuilder y = new StringBuilder();
        y.append("# zerofail configuration, drafted by `zerofail init` from what this repository holds.\n");
        y.append("# Every value below is a guess to review. Reference: docs/init.md, docs/deploy.md and docs/secrets.md\n");
        y.append("# in the zerofail repository. Check it with: zerofail audit\n");
        y.append("version: 1\n\n");

        y.append("# What `zerofail scan` (and the audit's scan checks) report.\n");
        y.append("scan:\n");
        y.append("  # lowest severity that fails the run: info, low, medium, high or critical\n");
        y.append("  failOn: medium\n");
        y.append("  # paths the scanner skips, in .gitignore syntax, e.g. [\"legacy/**\", \"*.min.js\"]\n");
        y.append("  # exclude: []\n\n");

        boolean staging = c.environments().containsKey("staging");
        y.append("# The core CI workflows `zerofail workflows plan` consolidates to");
        y.append(staging ? ".\n" : " (no staging environment here, so no staging workflow).\n");
        y.append("workflows:\n  core: [");
        y.append(String.join(", ", WorkflowsConfig.FILES.keySet().stream().filter(w -> staging || !w.equals("staging")).toList()));
        y.append("]\n\n");

        y.append("# Every secret the repository needs, once: the CI secret name, its path in the store, the variable\n");
        y.append("# the service reads, and what a real value looks like. `zerofail secrets check` compares it with\n");
        y.append("# the workflows, compose files and code; `secrets sync` copies validated values into the stores.\n");
        y.append("secrets:\n");
        if (entries.isEmpty()) {
            y.append(c.importSecrets() ? "  # Nothing to import was found (no .env template, ESC definition or workflow).\n"
                    : "  # Not imported (you chose so). Start it later with: zerofail secrets import --help\n");
            y.append("  # Entries look like: - { name: API_KEY, path: app.apiKey, format: nonempty, services: [api] }\n");
            y.append("  manifest: []\n");
        } else {
            y.append("  # Imported from ").append(String.join(", ", sources)).append(" (no value was copied).\n");
            y.append("  # Review each entry: category, required, format and services are guesses.\n");
            y.append("  # Keys: name (CI secret), path (store path), env (runtime variable, default: name), category,\n");
            y.append("  # description, required (true, false or [environments]), sensitive, format, regex, services.\n");
            y.append("  manifest:\n").append(entries);
        }
        y.append("  # Where sync, verify and run read values when --from is not given: the process environment,\n");
        y.append("  # then this dotenv file (keep it out of git).\n");
        y.append("  source:\n    dotenv: .env\n");
        y.append("  # Where values are kept; `{env}` becomes --env. Uncomment the stores you use. Credentials come\n");
        y.append("  # from PULUMI_ACCESS_TOKEN, GITHUB_TOKEN and DOCKER_HOST, never from this file.\n");
        y.append("  # stores:\n");
        y.append("  #   swarm: { prefix: ").append(c.project().replace('-', '_')).append("_ }\n");
        y.append("  #   esc: { org: ORG, project: ").append(c.project()).append(", environment: \"{env}\" }\n");
        y.append("  #   github: { owner: OWNER, repo: ").append(c.project()).append(" }\n\n");

        y.append("# Where `zerofail deploy` sends each environment: a Docker Swarm stack built from the compose files.\n");
        y.append("# A new task must be running, pass its container healthcheck and every HTTP check below within\n");
        y.append("# health.timeout, then stay healthy for health.monitor, or the service is rolled back.\n");
        if (!unused.isEmpty()) {
            y.append("# Compose files no environment uses (local, test or add-on files): ")
                    .append(String.join(", ", unused)).append(".\n");
        }
        if (envs.isEmpty()) {
            y.append("# No compose file was found. An environment looks like:\n");
            y.append("#   prod: { stack: ").append(c.project()).append("-prod, compose: docker-compose.yml }\n");
            y.append("environments: {}\n\n");
        } else {
            y.append("environments:\n");
            boolean explained = false;
            for (EnvPlan e : envs) {
                explained |= environment(y, e, explained);
            }
            y.append('\n');
        }

        y.append("# The record of every deploy (also the deploy lock): a SQLite file by default, or PostgreSQL shared\n");
        y.append("# by a team (jdbc:postgresql://HOST:5432/DB?sslmode=verify-full, with user: and password-env:).\n");
        y.append("history:\n  url: ").append(quote(c.history())).append('\n');
        if (c.history().startsWith("jdbc:sqlite:")) {
            y.append("  # add .zerofail/ to .gitignore: the database stays on the machine that deploys\n");
        }
        return y.toString();
    }

    /** One environment; the keys of a service are explained at their first appearance only. Returns whether it did. */
    private static boolean environment(StringBuilder y, EnvPlan e, boolean explained) {
        y.append("  ").append(e.name()).append(":\n");
        y.append("    # Swarm services are named STACK_SERVICE\n");
        y.append("    stack: ").append(quote(e.stack())).append('\n');
        y.append("    # merged in this order, as `docker compose -f A -f B` would; paths relative to this file\n");
        y.append("    compose: [").append(String.join(", ", e.compose().stream().map(Init::quote).toList())).append("]\n");
        y.append("    # env-file: .env.").append(e.name()).append("   # variables for ${...} in the compose files\n");
        y.append("    # images tagged latest (or untagged) stop the deploy before anything changes; pin a tag\n");
        y.append("    allow-latest: false\n");
        if (e.services().isEmpty()) {
            y.append("    # services: { api: { health: { http: [ { url: \"http://127.0.0.1:8080/health\" } ] } } }\n");
            return false;
        }
        y.append("    services:\n");
        for (ServicePlan sp : e.services()) {
            InitResult.Service s = sp.facts();
            y.append("      ").append(key(s.name())).append(":\n");
            y.append("        health:\n");
            if (s.containerHealthcheck()) {
                y.append("          # its container healthcheck (compose file) gates every new task\n");
            } else {
                y.append("          # no container healthcheck in the compose file: add one, or an HTTP check here\n");
            }
            if (!s.http().isEmpty()) {
                y.append("          # from ").append(sp.httpFrom()).append('\n');
                y.append("          http:\n");
                for (String url : s.http()) {
                    y.append("            - url: ").append(quote(url)).append('\n');
                    y.append("              status: 200\n");
                }
            } else if (sp.suggestion() != null) {
                y.append("          # if it serves HTTP on its published port, check each new task there:\n");
                y.append("          # http: [ { url: \"").append(sp.suggestion()).append("\", status: 200 } ]\n");
            }
            if (s.timeoutMs() > DEFAULT_TIMEOUT.toMillis()) {
                y.append("          # longer than 60s: its healthcheck's start period and interval need it\n");
            } else if (!explained) {
                y.append("          # a new task must be healthy within this\n");
            }
            y.append("          timeout: ").append(s.timeoutMs() / 1000).append("s\n");
            if (!explained) {
                y.append("          # and stay healthy this long after the last task passed\n");
            }
            y.append("          monitor: 10s\n");
            explained = true;
        }
        return true;
    }

    /** A mapping key: plain when YAML reads it back as the same string, else single-quoted. */
    private static String key(String s) {
        return plain(s) ? s : quote(s);
    }

    private static boolean plain(String s) {
        return s.matches("[A-Za-z_][A-Za-z0-9_.-]*") && !s.matches("(?i)true|false|yes|no|on|off|null|y|n|~");
    }

    /** A scalar value: plain when safe, else single-quoted (no escapes to get wrong). */
    static String quote(String s) {
        return s.matches("[A-Za-z0-9_][A-Za-z0-9_./-]*") && !s.matches("(?i)true|false|yes|no|on|off|null|y|n|~|[0-9._-]+")
                ? s : "'" + s.replace("'", "''") + "'";
    }
}
