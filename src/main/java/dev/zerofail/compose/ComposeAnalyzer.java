package dev.zerofail.compose;

import dev.zerofail.core.Finding;
import dev.zerofail.core.Location;
import dev.zerofail.core.Masking;
import dev.zerofail.core.Report;
import dev.zerofail.core.Severity;
import dev.zerofail.core.ZerofailException;
import dev.zerofail.scan.Detector;
import dev.zerofail.scan.RuleSet;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads every compose file of a repository on its own and reports what makes them untrustworthy
 * together: services defined differently in several files, no healthcheck, floating tags,
 * {@code build:} without an image, hard-coded credentials, settings Swarm ignores.
 */
public final class ComposeAnalyzer {
    /**
     * The names compose and stack files go by: compose.yaml, docker-compose.prod.yml, compose_databases.yaml,
     * stack-proxy.yml, api.compose.yml, docker-compose_v3_alpine.yaml (every command that looks for them uses this).
     */
    private static final Pattern COMPOSE_FILE = Pattern.compile("(?i)(?:docker-)?(?:compose|stack)(?:[._-][a-z0-9_.-]+)?"
            + "\\.ya?ml|[a-z0-9_.-]+[._-](?:compose|stack)\\.ya?ml");
    /** The file the others override: compose.yaml, docker-compose.yml, stack.yml. */
    private static final Pattern BASE_FILE = Pattern.compile("(?i)(?:docker-)?(?:compose|stack)\\.ya?ml");

    public static boolean isComposeFile(String fileName) {
        return COMPOSE_FILE.matcher(fileName).matches();
    }

    public static boolean isBaseFile(String fileName) {
        return BASE_FILE.matcher(fileName).matches();
    }
    private static final Set<String> SKIPPED_DIRS = Set.of(".git", "node_modules", "vendor", "target", "build",
            "dist", ".venv", "venv", "__pycache__", ".github");
    /** Settings docker stack deploy ignores (it prints "Ignoring unsupported options"). */
    static final List<String> SWARM_IGNORED = List.of("restart", "depends_on", "container_name", "links",
            "external_links", "cgroup_parent", "devices", "security_opt", "userns_mode", "mem_limit", "cpus",
            "mem_reservation", "cpu_shares", "privileged");
    static final List<String> CONFLICT_KEYS = List.of("image", "ports", "deploy.replicas", "secrets", "healthcheck");

    private final List<Finding> findings = new ArrayList<>();
    private final Path root;
    private final RuleSet rules;

    private ComposeAnalyzer(Path root, RuleSet rules) {
        this.root = root;
        this.rules = rules;
    }

    /**
     * The compose files directly inside {@code dir}, as {@code compose unify DIR} and {@code compose config DIR}
     * read them: the base file ({@code compose.yaml}, {@code docker-compose.yml}…) first, then the others by name,
     * so an override or per-environment file wins over the base the way docker compose -f base -f other does.
     * {@code docker-compose.unified.yml}, what {@code compose unify} writes by default, is its output, not an input.
     */
    public static List<Path> inDirectory(Path dir) {
        try (java.util.stream.Stream<Path> s = Files.list(dir)) {
            return s.filter(f -> Files.isRegularFile(f) && COMPOSE_FILE.matcher(f.getFileName().toString()).matches()
                            && !f.getFileName().toString().equals("docker-compose.unified.yml"))
                    .sorted(java.util.Comparator.comparing((Path f) -> !BASE_FILE.matcher(f.getFileName().toString())
                            .matches()).thenComparing(f -> f.getFileName().toString()))
                    .toList();
        } catch (IOException e) {
            throw ZerofailException.usage(dir.toString(), "cannot list the directory: " + e.getMessage(),
                    "check its permissions or pass the compose files themselves");
        }
    }

    /** Compose files under {@code dir}, sorted, skipping dependency and build directories. */
    public static List<Path> discover(Path dir) {
        List<Path> out = new ArrayList<>();
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) {
                    return !d.equals(dir) && SKIPPED_DIRS.contains(d.getFileName().toString())
                            ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path f, BasicFileAttributes attrs) {
                    if (attrs.isRegularFile() && COMPOSE_FILE.matcher(f.getFileName().toString()).matches()) {
                        out.add(f);
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path f, IOException e) {
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw ZerofailException.usage(dir.toString(), "cannot list the directory", "check permissions");
        }
        out.sort(null);
        return out;
    }

    /** Analyses {@code files} (paths reported relative to {@code root}) with the built-in scanner rules. */
    public static Report analyze(Path root, List<Path> files) {
        return analyze(root, files, RuleSet.builtin());
    }

    /** @param rules the scanner rules that find credentials (zerofail.yaml's scan: section applies) */
    public static Report analyze(Path root, List<Path> files, RuleSet rules) {
        return new ComposeAnalyzer(root, rules).run(files);
    }

    private Report run(List<Path> files) {
        List<ComposeFile> read = new ArrayList<>();
        List<ComposeAnalysis.FileEntry> inventory = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        for (Path f : files) {
            String rel = relative(f);
            try {
                ComposeProject p = ComposeLoader.load(List.of(f), new ComposeLoader.Options(Map.of(), false,
                        ComposeLoader.parent(f.toAbsolutePath().normalize())), false);
                ComposeFile file = p.files().get(0);
                warnings.addAll(p.warnings());
                read.add(new ComposeFile(file.path(), rel, file.version(), file.model(), file.lines()));
                inventory.add(new ComposeAnalysis.FileEntry(rel, file.version(), new ArrayList<>(file.services().keySet()),
                        null));
            } catch (ZerofailException e) {
                findings.add(finding("compose.invalid", Severity.HIGH, new Location(rel, lineOf(e.where()), 0), null,
                        "cannot be read: " + e.problem(), e.nextStep()));
                inventory.add(new ComposeAnalysis.FileEntry(rel, null, null, e.problem()));
            }
        }
        Map<String, List<ComposeFile>> byService = new LinkedHashMap<>();
        for (ComposeFile f : read) {
            for (String s : f.services().keySet()) {
                byService.computeIfAbsent(s, k -> new ArrayList<>()).add(f);
            }
        }
        byService.forEach(this::checkService);
        credentials(read);
        findings.sort(java.util.Comparator.comparing((Finding x) -> x.severity()).reversed()
                .thenComparing(x -> x.location().path()).thenComparingInt(x -> x.location().line()));
        ComposeAnalysis result = new ComposeAnalysis(files.size(), byService.size(),
                findings.stream().filter(f -> f.rule().equals("compose.conflict")).count(), inventory);
        return new Report("compose analyze", root.toString(), result, findings, warnings);
    }

    private void checkService(String name, List<ComposeFile> files) {
        ComposeFile first = files.get(0);
        String base = "services." + name;
        boolean health = false;
        boolean image = false;
        boolean limits = false;
        for (ComposeFile f : files) {
            Map<String, Object> svc = ComposeMaps.asMap(f.services().get(name));
            health |= svc.get("healthcheck") != null;
            image |= svc.get("image") != null;
            limits |= svc.get("mem_limit") != null || ComposeMaps.path(svc, "deploy.resources.limits.memory") != null;
            if (svc.get("image") instanceof String img) {
                String shown = img.replaceAll("\\$\\{[A-Za-z0-9_]+:?-([^}]*)}", "$1");
                if (!shown.contains("$") && ImageRef.parse(shown).floating()) {
                    findings.add(finding("compose.floating-tag", Severity.HIGH, loc(f, base + ".image"), name,
                            "image " + img + " floats: what runs changes without the file changing, and a rollback"
                                    + " cannot return to the previous version", "pin a version tag or a digest"));
                }
            }
            if (svc.get("build") != null && svc.get("image") == null && files.stream().noneMatch(o ->
                    ComposeMaps.asMap(o.services().get(name)).get("image") != null)) {
                findings.add(finding("compose.build-without-image", Severity.HIGH, loc(f, base + ".build"), name,
                        "service " + name + " is built but names no image: docker stack deploy cannot build",
                        "build and push an image in CI and set image: REGISTRY/NAME:TAG (zerofail compose unify adds one)"));
            }
            for (String key : SWARM_IGNORED) {
                if (svc.containsKey(key)) {
                    findings.add(finding("compose.swarm-ignored", Severity.LOW, loc(f, base + "." + key), name,
                            key + " is ignored by docker stack deploy",
                            switch (key) {
                                case "restart" -> "use deploy.restart_policy";
                                case "depends_on" -> "make the service wait for its dependencies, and add healthchecks";
                                case "mem_limit", "cpus", "mem_reservation", "cpu_shares" -> "use deploy.resources";
                                default -> "remove it, or accept that it applies only to docker compose";
                            }));
                }
            }
        }
        if (!health && image) {
            findings.add(finding("compose.no-healthcheck", Severity.MEDIUM, loc(first, base), name,
                    "service " + name + " has no healthcheck in any compose file: a deploy cannot tell a broken"
                            + " version from a working one", "add healthcheck: {test: [CMD, …], interval: 10s,"
                            + " retries: 3, start_period: 30s}"));
        }
        if (!limits && image) {
            findings.add(finding("compose.no-memory-limit", Severity.LOW, loc(first, base), name,
                    "service " + name + " has no memory limit", "set deploy.resources.limits.memory"));
        }
        if (files.size() > 1) {
            conflicts(name, files);
        }
    }

    private void conflicts(String name, List<ComposeFile> files) {
        for (String key : CONFLICT_KEYS) {
            Map<String, Object> values = ComposeMaps.conflicting(name, key, files);
            if (values.isEmpty()) {
                continue;
            }
            ComposeFile last = files.stream().filter(f -> f.label().equals(new ArrayList<>(values.keySet())
                    .get(values.size() - 1))).findFirst().orElse(files.get(0));
            findings.add(finding("compose.conflict", Severity.MEDIUM, loc(last, "services." + name + "." + key), name,
                    "service " + name + " has " + values.size() + " different " + key + " values: "
                            + ComposeMaps.describeAll(key, values),
                    "keep one definition: zerofail compose unify merges the files and turns the differences into"
                            + " parameters"));
        }
    }

    private void credentials(List<ComposeFile> files) {
        Detector detector = new Detector(rules);
        for (ComposeFile f : files) {
            try {
                String text = Files.readString(f.path(), StandardCharsets.UTF_8);
                for (Finding s : detector.detect(f.label(), text)) {
                    findings.add(new Finding("compose.credential", s.kind(), s.severity(), s.location(), s.key(),
                            "hard-coded " + s.kind() + " in a compose file (" + s.rule() + "): " + s.message(),
                            s.masked(), s.fingerprint(), null, "reference a secret instead: secrets: [NAME] with"
                                    + " NAME_FILE=/run/secrets/NAME, or ${NAME} from the environment"));
                }
            } catch (IOException e) {
                // already reported as unreadable when loading failed; nothing more to say here
            }
        }
    }

    private static Location loc(ComposeFile f, String keyPath) {
        String p = keyPath;
        int line = f.line(p);
        while (line == 0 && p.contains(".")) {
            p = p.substring(0, p.lastIndexOf('.'));
            line = f.line(p);
        }
        return new Location(f.label(), line, 0);
    }

    private Finding finding(String rule, Severity severity, Location location, String key, String message, String fix) {
        return new Finding(rule, "compose", severity, location, key, message, null,
                Masking.fingerprint(rule + "|" + location.path() + "|" + key + "|" + message), null, fix);
    }

    private String relative(Path f) {
        Path abs = f.toAbsolutePath().normalize();
        Path r = root.toAbsolutePath().normalize();
        return abs.startsWith(r) ? r.relativize(abs).toString() : f.toString();
    }

    private static int lineOf(String where) {
        if (where == null) {
            return 0;
        }
        java.util.regex.Matcher m = Pattern.compile(":(\\d+)").matcher(where);
        return m.find() ? Integer.parseInt(m.group(1)) : 0;
    }
}
