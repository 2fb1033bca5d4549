package dev.zerofail.compose;

import dev.zerofail.core.DotEnv;
import dev.zerofail.core.ZerofailException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Reads compose files the way the compose specification describes: YAML anchors and merge keys,
 * {@code extends}, {@code include}, interpolation from the environment and the project's
 * {@code .env}, normalisation to long syntax, then the merge of all files in order.
 *
 * <p>Relative paths (build contexts, env files, bind mounts, secret files) are taken relative to
 * the file that holds them and rewritten relative to the project directory (the first file's),
 * so a per-service file in a subdirectory keeps meaning what its author meant.
 */
public final class ComposeLoader {
    static final Set<String> TOP_LEVEL = Set.of("version", "name", "services", "networks", "volumes", "secrets",
            "configs", "include", "models");

    /** How to read: the variables to interpolate with, or none to keep {@code ${VAR}} references as written. */
    public record Options(Map<String, String> environment, boolean interpolate, Path projectDir,
            boolean alternatives, boolean partial) {
        public Options(Map<String, String> environment, boolean interpolate, Path projectDir) {
            this(environment, interpolate, projectDir, false, false);
        }

        public Options(Map<String, String> environment, boolean interpolate, Path projectDir, boolean alternatives) {
            this(environment, interpolate, projectDir, alternatives, false);
        }

        /** Files are alternatives (one per environment) rather than overrides: a port is replaced by target. */
        public Options asAlternatives() {
            return new Options(environment, interpolate, projectDir, true, partial);
        }

        /**
         * Interpolates only the variables of {@code environment} (not .env) and keeps every other
         * reference as written: unify's read-back resolves its own parameters and nothing else.
         */
        static Options partial(Map<String, String> environment, Path projectDir) {
            return new Options(environment, true, projectDir, false, true);
        }

        public static Options interpolated(Map<String, String> environment) {
            return new Options(environment, true, null);
        }

        public static Options raw() {
            return new Options(Map.of(), false, null);
        }
    }

    private final Options options;
    private final Path projectDir;
    private final Function<String, String> lookup;
    private final Map<Path, ComposeFile> cache = new HashMap<>();
    private final List<String> warnings = new ArrayList<>();
    private final Map<Path, String> virtual = new HashMap<>();

    private ComposeLoader(Options options, Path projectDir) {
        this.options = options;
        this.projectDir = projectDir;
        Map<String, String> vars = new HashMap<>(options.partial() ? Map.of()
                : DotEnv.readIfPresent(projectDir.resolve(".env")));
        vars.putAll(options.environment());
        this.lookup = vars::get;
    }

    /** Loads, interpolates with {@code environment} (plus the project's .env) and merges the files. */
    public static ComposeProject load(List<Path> files, Map<String, String> environment) {
        return load(files, Options.interpolated(environment));
    }

    public static ComposeProject load(List<Path> files, Options options) {
        return load(files, options, true);
    }

    /** {@code checkReferences = false} reads a partial file (an override) on its own without complaining. */
    static ComposeProject load(List<Path> files, Options options, boolean checkReferences) {
        return load(files, options, checkReferences, Map.of());
    }

    /**
     * {@code virtualFiles} supplies the text of files that are not (yet) on disk, such as a
     * result that is checked before it is written; relative paths in it mean what they would
     * mean at that path.
     */
    static ComposeProject load(List<Path> files, Options options, boolean checkReferences,
            Map<Path, String> virtualFiles) {
        if (files.isEmpty()) {
            throw ZerofailException.usage(null, "no compose files given", "name one or more compose files");
        }
        Path projectDir = options.projectDir() != null ? options.projectDir().toAbsolutePath().normalize()
                : parent(files.get(0).toAbsolutePath().normalize());
        ComposeLoader loader = new ComposeLoader(options, projectDir);
        virtualFiles.forEach((p, text) -> loader.virtual.put(p.toAbsolutePath().normalize(), text));
        List<ComposeFile> read = new ArrayList<>();
        Map<String, Object> merged = new LinkedHashMap<>();
        for (Path f : files) {
            ComposeFile file = loader.file(f, new ArrayDeque<>());
            read.add(file);
            merged = ComposeMerge.merge(merged, file.model(), options.alternatives());
        }
        merged = asMap(ComposeMerge.stripMarkers(merged));
        merged.remove("version");
        String name = merged.get("name") instanceof String s ? s : projectName(projectDir);
        merged.remove("name");
        Map<String, Object> ordered = ordered(merged);
        if (checkReferences) {
            loader.validateReferences(ordered, read);
        }
        return new ComposeProject(name, ordered, read, loader.warnings);
    }

    static Path parent(Path p) {
        Path parent = p.getParent();
        return parent == null ? Path.of(".").toAbsolutePath() : parent;
    }

    /** Compose's default project name: the directory name, lower-case, only [a-z0-9_-]. */
    static String projectName(Path dir) {
        Path name = dir.getFileName();
        String n = name == null ? "project" : name.toString().toLowerCase(java.util.Locale.ROOT)
                .replaceAll("[^a-z0-9_-]", "");
        return n.isEmpty() ? "project" : n;
    }

    private static Map<String, Object> ordered(Map<String, Object> m) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (String k : List.of("services", "networks", "volumes", "secrets", "configs")) {
            if (m.containsKey(k)) {
                out.put(k, m.get(k));
            }
        }
        m.forEach(out::putIfAbsent);
        return out;
    }

    private ComposeFile file(Path path, Deque<String> extendsChain) {
        Path abs = path.toAbsolutePath().normalize();
        ComposeFile cached = cache.get(abs);
        if (cached != null) {
            return cached;
        }
        String label = label(path);
        YamlTree.Parsed parsed;
        if (virtual.containsKey(abs)) {
            parsed = YamlTree.parse(label, virtual.get(abs));
        } else if (!Files.isRegularFile(abs)) {
            throw ZerofailException.usage(label, Files.exists(abs) ? "not a regular file" : "compose file not found",
                    "check the path");
        } else {
            parsed = YamlTree.read(abs, label);
        }
        Map<String, Object> root;
        if (parsed.root() == null) {
            root = new LinkedHashMap<>();
        } else if (parsed.root() instanceof Map<?, ?>) {
            root = asMap(parsed.root());
        } else {
            throw ZerofailException.usage(parsed.where(""), "a compose file must be a mapping with 'services:'",
                    "start the file with 'services:'");
        }
        for (String key : root.keySet()) {
            if (!TOP_LEVEL.contains(key) && !key.startsWith("x-")) {
                throw ZerofailException.usage(parsed.where(key), "unknown top-level key '" + key + "'",
                        "use services, networks, volumes, secrets, configs, include, name, or an x- extension");
            }
        }
        List<String> unsetHere = List.of();
        if (options.interpolate()) {
            Interpolation interpolation = new Interpolation(lookup, options.partial());
            root = asMap(interpolation.tree(root, "", parsed.lines(), label));
            unsetHere = interpolation.unset();
            for (String v : unsetHere) {
                String w = label + ": variable " + v + " is not set, using an empty string";
                if (!warnings.contains(w)) {
                    warnings.add(w);
                }
            }
        }
        String version = root.get("version") == null ? null : String.valueOf(root.get("version"));
        Normalizer normalizer = new Normalizer(parsed, warnings);
        Map<String, Object> services = new LinkedHashMap<>();
        Object rawServices = root.get("services");
        if (rawServices != null) {
            for (Map.Entry<String, Object> e : normalizer.requireMap(rawServices, "services").entrySet()) {
                Object def = e.getValue() == null ? new LinkedHashMap<>() : e.getValue();
                try {
                    services.put(e.getKey(), normalizer.service(e.getKey(), normalizer.requireMap(def,
                            "services." + e.getKey())));
                } catch (ZerofailException bad) {
                    throw unsetHint(bad, unsetHere);
                }
            }
        }
        for (String section : List.of("networks", "volumes", "secrets", "configs")) {
            if (root.get(section) != null) {
                Map<String, Object> defs = new LinkedHashMap<>(normalizer.requireMap(root.get(section), section));
                defs.replaceAll((k, v) -> v == null ? new LinkedHashMap<>() : normalizer.requireMap(v, section + "." + k));
                root.put(section, defs);
            }
        }
        Path dir = parent(abs);
        Map<String, Object> model = new LinkedHashMap<>(root);
        model.put("services", services);
        ComposeFile file = new ComposeFile(path, label, version, model, parsed.lines());
        // extends needs the file itself (same-file bases), so it runs on the provisional record
        Map<String, Object> resolved = new LinkedHashMap<>();
        for (String name : services.keySet()) {
            resolved.put(name, resolveExtends(file, dir, name, extendsChain));
        }
        model.put("services", resolved);
        includes(file, dir, model);
        rebasePaths(model, dir);
        model.remove("include");
        ComposeFile done = new ComposeFile(path, label, version, model, parsed.lines());
        cache.put(abs, done);
        return done;
    }

    private static String label(Path path) {
        Path cwd = Path.of("").toAbsolutePath();
        Path abs = path.toAbsolutePath().normalize();
        return abs.startsWith(cwd) && !abs.equals(cwd) ? cwd.relativize(abs).toString() : path.toString();
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> resolveExtends(ComposeFile file, Path dir, String service, Deque<String> chain) {
        Map<String, Object> def = (Map<String, Object>) file.services().get(service);
        if (def == null) {
            return null;
        }
        Object ext = def.get("extends");
        if (ext == null) {
            return def;
        }
        String where = file.where("services." + service + ".extends");
        Map<String, Object> spec = (Map<String, Object>) ext;
        if (!(spec.get("service") instanceof String base)) {
            throw ZerofailException.usage(where, "extends needs 'service'", "write extends: {service: NAME}");
        }
        String key = file.path().toAbsolutePath().normalize() + "#" + service;
        if (chain.contains(key)) {
            List<String> cycle = new ArrayList<>();
            chain.descendingIterator().forEachRemaining(k -> cycle.add(k.substring(k.lastIndexOf('#') + 1)));
            cycle.add(service);
            throw ZerofailException.usage(where, "circular extends: " + String.join(" -> ", cycle),
                    "remove the extends that points back");
        }
        chain.push(key);
        try {
            Map<String, Object> baseDef;
            if (spec.get("file") instanceof String other) {
                Path otherPath = dir.resolve(other).normalize();
                ComposeFile otherFile = file(otherPath, chain);
                baseDef = (Map<String, Object>) otherFile.services().get(base);
                if (baseDef == null) {
                    throw ZerofailException.usage(where, "service '" + base + "' is not defined in " + other,
                            "check the service name in extends");
                }
            } else {
                if (!file.services().containsKey(base)) {
                    throw ZerofailException.usage(where, "service '" + base + "' is not defined in this file",
                            "check the service name in extends, or add file:");
                }
                baseDef = resolveExtends(file, dir, base, chain);
            }
            Map<String, Object> own = new LinkedHashMap<>(def);
            own.remove("extends");
            Map<String, Object> inherited = new LinkedHashMap<>(baseDef);
            inherited.remove("extends");
            return ComposeMerge.merge(inherited, own);
        } finally {
            chain.pop();
        }
    }

    @SuppressWarnings("unchecked")
    private void includes(ComposeFile file, Path dir, Map<String, Object> model) {
        Object inc = model.get("include");
        if (inc == null) {
            return;
        }
        List<Object> items = inc instanceof List ? (List<Object>) inc : null;
        if (items == null) {
            throw ZerofailException.usage(file.where("include"), "expected a list of files", "write include: [path.yml]");
        }
        Map<String, Object> services = (Map<String, Object>) model.get("services");
        for (int i = 0; i < items.size(); i++) {
            Object item = items.get(i);
            List<Object> paths;
            if (item instanceof String s) {
                paths = List.of(s);
            } else if (item instanceof Map<?, ?> m && m.get("path") != null) {
                paths = m.get("path") instanceof List ? (List<Object>) m.get("path") : List.of(m.get("path"));
            } else {
                throw ZerofailException.usage(file.where("include[" + i + "]"), "expected a path or {path: …}",
                        "write include: [path.yml]");
            }
            Map<String, Object> included = new LinkedHashMap<>();
            for (Object p : paths) {
                ComposeFile inner = file(dir.resolve(String.valueOf(p)).normalize(), new ArrayDeque<>());
                included = ComposeMerge.merge(included, inner.model());
            }
            for (Map.Entry<String, Object> e : included.entrySet()) {
                String section = e.getKey();
                if (section.equals("version") || section.equals("name") || !(e.getValue() instanceof Map)) {
                    continue;
                }
                Map<String, Object> target = (Map<String, Object>) model.computeIfAbsent(section,
                        k -> new LinkedHashMap<>());
                for (Map.Entry<String, Object> d : ((Map<String, Object>) e.getValue()).entrySet()) {
                    if (target.containsKey(d.getKey()) && section.equals("services")) {
                        throw ZerofailException.usage(file.where("services." + d.getKey()), "service '" + d.getKey()
                                + "' is also defined by the included file " + paths.get(0),
                                "define each service in one place, or use extends");
                    }
                    target.putIfAbsent(d.getKey(), d.getValue());
                }
            }
            model.put("services", services);
        }
    }

    /** Rewrites relative paths of a file outside the project directory to be relative to the project directory. */
    @SuppressWarnings("unchecked")
    private void rebasePaths(Map<String, Object> model, Path fileDir) {
        if (fileDir.equals(projectDir)) {
            return;
        }
        for (Object s : ((Map<String, Object>) model.get("services")).values()) {
            Map<String, Object> svc = (Map<String, Object>) s;
            if (svc.get("build") instanceof Map<?, ?> b) {
                ((Map<String, Object>) b).computeIfPresent("context", (k, v) -> rebase(v, fileDir));
                if (b.get("additional_contexts") instanceof Map<?, ?> extra) {
                    ((Map<String, Object>) extra).replaceAll((k, v) -> rebase(v, fileDir));
                }
            }
            if (svc.get("env_file") instanceof List<?> l) {
                svc.put("env_file", new ArrayList<>(l.stream().map(v -> rebase(v, fileDir)).toList()));
            }
            if (svc.get("volumes") instanceof List<?> l) {
                for (Object v : l) {
                    Map<String, Object> m = (Map<String, Object>) v;
                    if ("bind".equals(m.get("type"))) {
                        m.computeIfPresent("source", (k, src) -> rebase(src, fileDir));
                    }
                }
            }
        }
        for (String section : List.of("secrets", "configs")) {
            if (model.get(section) instanceof Map<?, ?> defs) {
                for (Object d : defs.values()) {
                    ((Map<String, Object>) d).computeIfPresent("file", (k, v) -> rebase(v, fileDir));
                }
            }
        }
    }

    private Object rebase(Object value, Path fileDir) {
        if (!(value instanceof String s) || !s.startsWith(".") || s.contains("$")) {
            return value;
        }
        String rel = projectDir.relativize(fileDir.resolve(s).normalize()).toString();
        if (rel.isEmpty()) {
            return ".";
        }
        return rel.startsWith("..") ? rel : "./" + rel;
    }

    /** Every secret, config, network and named volume a service names must be defined at the top level. */
    @SuppressWarnings("unchecked")
    private void validateReferences(Map<String, Object> model, List<ComposeFile> files) {
        Map<String, Object> services = (Map<String, Object>) model.getOrDefault("services", Map.of());
        for (Map.Entry<String, Object> e : services.entrySet()) {
            Map<String, Object> svc = (Map<String, Object>) e.getValue();
            for (String section : List.of("secrets", "configs")) {
                if (svc.get(section) instanceof List<?> refs) {
                    for (int i = 0; i < refs.size(); i++) {
                        String src = String.valueOf(((Map<String, Object>) refs.get(i)).get("source"));
                        if (!definedIn(model, section, src)) {
                            String path = "services." + e.getKey() + "." + section + "[" + i + "]";
                            throw ZerofailException.usage(whereIn(files, path), section.substring(0, section.length() - 1)
                                    + " '" + src + "' is not defined at the top level",
                                    "add it under the top-level '" + section + ":' key");
                        }
                    }
                }
            }
            if (svc.get("networks") instanceof Map<?, ?> nets) {
                for (Object n : nets.keySet()) {
                    if (!n.equals("default") && !definedIn(model, "networks", (String) n)) {
                        throw ZerofailException.usage(whereIn(files, "services." + e.getKey() + ".networks"),
                                "network '" + n + "' is not defined at the top level",
                                "add it under the top-level 'networks:' key");
                    }
                }
            }
        }
    }

    private static boolean definedIn(Map<String, Object> model, String section, String name) {
        return model.get(section) instanceof Map<?, ?> m && m.containsKey(name);
    }

    private static String whereIn(List<ComposeFile> files, String path) {
        for (int i = files.size() - 1; i >= 0; i--) {
            if (files.get(i).line(path) > 0) {
                return files.get(i).where(path);
            }
        }
        return files.get(files.size() - 1).where(path);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> asMap(Object o) {
        return (Map<String, Object>) o;
    }

    /**
     * A value that is malformed only because a variable in it is unset (ports {@code ${P}:${P}}
     * read as {@code :}) names those variables, so the fix is obvious: set them or pass --env-file.
     */
    private static ZerofailException unsetHint(ZerofailException bad, List<String> unset) {
        if (unset.isEmpty() || bad.exitCode() != dev.zerofail.core.ExitCode.USAGE) {
            return bad;
        }
        return new ZerofailException(bad.exitCode(), bad.where(), bad.problem() + " (after interpolation; not set: "
                + String.join(", ", unset) + ")", "set " + String.join(", ", unset)
                + " in the environment or the .env file, or pass --env-file FILE (a template such as env.example); or "
                + bad.nextStep(), bad);
    }
}
