package dev.zerofail.compose;

import dev.zerofail.core.ExitCode;
import dev.zerofail.core.ZerofailException;
import dev.zerofail.scan.Detector;
import dev.zerofail.scan.RuleSet;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Many compose files in, one parameterised file out: the union of services with conflicts
 * resolved by file order (later wins), environment-specific values turned into
 * {@code ${VAR:-default}} parameters, Swarm rollout settings added where missing, and repeated
 * blocks shared through {@code x-} anchors. Before anything is returned the output is read back
 * and checked to define every service exactly as the merged input does.
 */
public final class Unifier {
    /** What a decision did to the keys it names. */
    public enum Action {
        /** a key or definition the inputs lacked was added */
        ADDED,
        /** keys removed because docker stack deploy refuses or ignores them */
        REMOVED,
        /** a value moved to another key ({@code from} names where it was) */
        RENAMED,
        /** keys rewritten into a form docker stack deploy accepts */
        REWRITTEN,
        /** a hard-coded value replaced by the required variable {@code variable} */
        REPLACED,
        /** a top-level x- block dropped after its contents were inlined */
        DROPPED,
        /** the files disagree; {@code source} is the one that wins */
        RESOLVED,
        /** kept as written, with its Swarm equivalent added */
        KEPT,
        /** the required variable {@code variable} is not set where unify ran */
        REQUIRED_VARIABLE
    }

    /**
     * One choice unify made, for the report. Never holds an environment value.
     *
     * @param service  the service it concerns, or null for a top-level key
     * @param keys     the keys it concerns (dotted paths below the service, or top-level keys)
     * @param action   what was done
     * @param source   the input file whose value won (RESOLVED), or null
     * @param files    the input files that disagree (RESOLVED), or null
     * @param from     the keys the value came from (RENAMED), or null
     * @param variable the variable introduced or required (REPLACED, REQUIRED_VARIABLE), or null
     * @param message  the decision and its reason, for a person
     */
    public record Decision(String service, List<String> keys, Action action, String source, List<String> files,
            List<String> from, String variable, String message) {
        public Decision {
            keys = List.copyOf(keys);
            files = files == null ? null : List.copyOf(files);
            from = from == null ? null : List.copyOf(from);
        }

        Decision(String service, String key, Action action, String message) {
            this(service, List.of(key), action, null, null, null, null, message);
        }

        Decision(String service, List<String> keys, Action action, String message) {
            this(service, keys, action, null, null, null, null, message);
        }
    }

    /** A variable the unified file introduces, with its default (the value the files had). */
    public record Parameter(String name, String defaultValue, String purpose) {
    }

    /** @param warnings what the loader ignored in the inputs (a platform's own service key), with file and line */
    public record Result(String yaml, Map<String, Object> model, List<String> sources, List<Decision> decisions,
            List<Parameter> parameters, List<String> warnings) {
        public List<String> services() {
            Map<String, Object> s = ComposeMaps.asMap(model.get("services"));
            return s == null ? List.of() : List.copyOf(s.keySet());
        }
    }

    static final String OUTPUT_VERSION = "3.9";
    /** Service keys of the version 2 format that version 3 refuses; their limits move under deploy.resources. */
    static final Set<String> V2_ONLY = Set.of("mem_limit", "memswap_limit", "mem_reservation", "mem_swappiness",
            "cpus", "cpu_shares", "cpu_quota", "cpu_period", "cpuset", "cpu_count", "cpu_percent", "oom_kill_disable",
            "oom_score_adj", "pids_limit", "scale", "runtime", "group_add", "storage_opt", "cgroup", "cpu_rt_period",
            "cpu_rt_runtime");
    /**
     * Newer service keys that docker stack deploy's version 3 schema refuses ("Additional property …
     * is not allowed", checked against docker 28); a unified file that kept one would not deploy.
     */
    static final Set<String> STACK_REFUSED = Set.of("annotations", "attach", "blkio_config", "develop",
            "device_cgroup_rules", "dns_opt", "gpus", "label_file", "models", "platform", "post_start", "pre_stop",
            "profiles", "provider", "pull_policy", "use_api_socket", "uts", "volumes_from");
    static final List<String> CONFLICT_KEYS = List.of("image", "ports", "deploy.replicas", "secrets", "healthcheck",
            "command", "environment");
    static final Set<String> ENVIRONMENT_NAME_KEYS = Set.of("ENVIRONMENT", "APP_ENV", "DEPLOY_ENV", "ENV", "STAGE",
            "APP_ENVIRONMENT");
    private static final List<String> KEY_ORDER = List.of("<<", "image", "build", "command", "entrypoint",
            "environment", "env_file", "ports", "volumes", "secrets", "configs", "networks", "healthcheck", "deploy",
            "logging");
    private static final Set<String> COMMON_CANDIDATES = Set.of("restart", "env_file", "networks", "init",
            "stop_grace_period", "labels", "dns", "extra_hosts", "user", "working_dir", "read_only", "ulimits",
            "cap_drop", "security_opt", "network_mode", "pull_policy", "tty", "stdin_open", "sysctls");

    private final List<Decision> decisions = new ArrayList<>();
    private final Map<String, Parameter> parameters = new LinkedHashMap<>();
    private final Set<String> referenced = new LinkedHashSet<>();
    /** service → environment variables whose hard-coded value was replaced by a required variable. */
    private final Map<String, Set<String>> removedSecrets = new LinkedHashMap<>();
    private final Detector detector = new Detector(RuleSet.builtin());
    /** section → resources that no input defined and unify added. */
    private final Map<String, Set<String>> addedResources = new LinkedHashMap<>();

    private Unifier() {
    }

    /**
     * @param files  compose files in precedence order (later wins)
     * @param prefer a file among {@code files} that wins every conflict, or null
     * @param output where the result will be written (relative paths are rewritten for it)
     */
    public static Result unify(List<Path> files, Path prefer, Path output) {
        return unify(files, prefer, output, Map.of());
    }

    /** @param environment the caller's variables: a {@code ${VAR:?}} none of them (nor .env) sets is an error */
    public static Result unify(List<Path> files, Path prefer, Path output, Map<String, String> environment) {
        return new Unifier().run(files, prefer, output, environment);
    }

    private Result run(List<Path> files, Path prefer, Path output, Map<String, String> environment) {
        List<Path> order = new ArrayList<>(files);
        if (prefer != null) {
            Path p = prefer.toAbsolutePath().normalize();
            Path match = order.stream().filter(f -> f.toAbsolutePath().normalize().equals(p)).findFirst()
                    .orElseThrow(() -> ZerofailException.usage("--prefer " + prefer, "not one of the input files",
                            "name a file that is also given as input"));
            order.remove(match);
            order.add(match);
        }
        Path projectDir = ComposeLoader.parent(order.get(0).toAbsolutePath().normalize());
        ComposeLoader.Options raw = new ComposeLoader.Options(Map.of(), false, projectDir).asAlternatives();
        // references to resources the inputs do not define are completed below, not refused: an
        // override file is often given without the base file that defines its networks
        ComposeProject project = ComposeLoader.load(order, raw, false);
        List<String> warnings = project.warnings();
        // what no value of any variable can make valid (a '${' without '}') is refused now, with file and line
        ComposeLoader.load(order, ComposeLoader.Options.partial(Map.of(), projectDir), false);
        collectReferences(project.model());
        Path outDirForEnv = ComposeLoader.parent(output.toAbsolutePath().normalize());
        referenced.addAll(dev.zerofail.core.DotEnv.readIfPresent(projectDir.resolve(".env")).keySet());
        referenced.addAll(dev.zerofail.core.DotEnv.readIfPresent(outDirForEnv.resolve(".env")).keySet());
        for (ComposeFile f : project.files()) {
            collectReferences(f.model());
        }
        reportConflicts(project);
        Map<String, Object> model = YamlTree.deepCopy(project.model());
        model.keySet().removeIf(k -> {
            if (k.startsWith("x-")) {
                decisions.add(new Decision(null, k, Action.DROPPED, "dropped; its contents are inlined where it was used"));
                return true;
            }
            return false;
        });
        Map<String, Object> services = ComposeMaps.map(model, "services");
        requiredVariables(project, projectDir, environment);
        defineMissingResources(model);
        String registry = commonRegistry(services);
        for (Map.Entry<String, Object> e : services.entrySet()) {
            Map<String, Object> svc = ComposeMaps.asMap(e.getValue());
            parameterize(e.getKey(), svc, registry, project.name());
            publishedPorts(e.getKey(), svc, project);
            noHardCodedSecrets(e.getKey(), svc);
            swarmReady(e.getKey(), svc);
        }
        Path outDir = ComposeLoader.parent(output.toAbsolutePath().normalize());
        if (!outDir.equals(projectDir)) {
            ComposeMaps.rewritePaths(model, v -> relocate(v, projectDir, outDir));
        }
        Map<String, Object> shared = extractSharedBlocks(services);
        Map<String, Object> out = new LinkedHashMap<>();
        // docker stack deploy refuses a file without a version; 3.9 is the newest docker-compose 1.x reads
        out.put("version", OUTPUT_VERSION);
        out.putAll(shared);
        services.replaceAll((k, v) -> ordered(shortSyntax(ComposeMaps.asMap(v))));
        out.putAll(model);
        List<String> sources = order.stream().map(p -> p.toString()).toList();
        String yaml = YamlWriter.write(header(sources), out);
        verify(order, projectDir, yaml, output.toAbsolutePath().normalize());
        return new Result(yaml, out, sources, decisions, List.copyOf(parameters.values()), warnings);
    }

    private List<String> header(List<String> sources) {
        List<String> h = new ArrayList<>();
        h.add("Generated by zerofail compose unify. Edit this file, not the ones it came from:");
        for (String s : sources) {
            h.add("  - " + s);
        }
        h.add("Conflicts were resolved in that order: a later file wins.");
        if (!parameters.isEmpty()) {
            h.add("");
            h.add("Parameters (set them in the environment or an env file; the default is the value the files had):");
            for (Parameter p : parameters.values()) {
                h.add("  " + p.name() + " (default " + p.defaultValue() + "): " + p.purpose());
            }
        }
        h.add("");
        h.add("Check: docker stack config -c THIS_FILE   Deploy: zerofail deploy --env ENV");
        return h;
    }

    private void collectReferences(Object v) {
        if (v instanceof String s) {
            referenced.addAll(Interpolation.references(s));
        } else if (v instanceof Map<?, ?> m) {
            m.values().forEach(this::collectReferences);
        } else if (v instanceof Collection<?> c) {
            c.forEach(this::collectReferences);
        }
    }

    /**
     * A {@code ${VAR:?message}} the environment and .env leave unset: docker compose would stop, but the
     * unified file keeps the reference as written, so the variable is still required when it is deployed.
     */
    private void requiredVariables(ComposeProject project, Path projectDir, Map<String, String> environment) {
        Map<String, String> known = new HashMap<>(dev.zerofail.core.DotEnv.readIfPresent(projectDir.resolve(".env")));
        known.putAll(environment);
        Set<String> required = new java.util.TreeSet<>();
        collectRequired(project.model(), required);
        for (String v : required) {
            if (known.get(v) == null || known.get(v).isEmpty()) {
                decisions.add(new Decision(null, List.of(v), Action.REQUIRED_VARIABLE, null, null, null, v,
                        "required variable (${" + v + ":?…}) not set here; the unified file keeps the requirement, so"
                                + " set it in the environment or an env file before deploying"));
            }
        }
    }

    private static final java.util.regex.Pattern REQUIRED = java.util.regex.Pattern.compile(
            "\\$\\{([A-Za-z_][A-Za-z0-9_]*):?\\?");

    private static void collectRequired(Object v, Set<String> out) {
        if (v instanceof String s) {
            java.util.regex.Matcher m = REQUIRED.matcher(s.replace("$$", ""));
            while (m.find()) {
                out.add(m.group(1));
            }
        } else if (v instanceof Map<?, ?> m) {
            m.values().forEach(x -> collectRequired(x, out));
        } else if (v instanceof Collection<?> c) {
            c.forEach(x -> collectRequired(x, out));
        }
    }

    /**
     * A network, named volume, secret or config that a service uses and no input defines (its base file
     * was not given) gets a definition, so the result stands on its own: networks and volumes with the
     * defaults, secrets and configs as external (created beforehand with docker secret/config create).
     */
    private void defineMissingResources(Map<String, Object> model) {
        Map<String, Object> services = ComposeMaps.map(model, "services");
        Map<String, Set<String>> used = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : services.entrySet()) {
            Map<String, Object> svc = ComposeMaps.asMap(e.getValue());
            if (svc.get("networks") instanceof Map<?, ?> nets) {
                nets.keySet().forEach(n -> used.computeIfAbsent("networks", k -> new LinkedHashSet<>()).add(String.valueOf(n)));
            }
            if (svc.get("volumes") instanceof List<?> vols) {
                for (Object o : vols) {
                    Map<String, Object> v = ComposeMaps.asMap(o);
                    if (v != null && "volume".equals(v.get("type")) && v.get("source") instanceof String src
                            && !src.isEmpty() && !src.contains("$")) {
                        used.computeIfAbsent("volumes", k -> new LinkedHashSet<>()).add(src);
                    }
                }
            }
            for (String section : List.of("secrets", "configs")) {
                if (svc.get(section) instanceof List<?> refs) {
                    for (Object o : refs) {
                        Map<String, Object> r = ComposeMaps.asMap(o);
                        if (r != null && r.get("source") instanceof String src) {
                            used.computeIfAbsent(section, k -> new LinkedHashSet<>()).add(src);
                        }
                    }
                }
            }
        }
        for (String section : List.of("networks", "volumes", "secrets", "configs")) {
            for (String name : used.getOrDefault(section, Set.of())) {
                if (section.equals("networks") && name.equals("default")) {
                    continue;
                }
                Map<String, Object> defs = ComposeMaps.asMap(model.get(section));
                if (defs != null && defs.containsKey(name)) {
                    continue;
                }
                if (defs == null) {
                    defs = new LinkedHashMap<>();
                    model.put(section, defs);
                }
                Map<String, Object> def = new LinkedHashMap<>();
                String what;
                if (section.equals("secrets") || section.equals("configs")) {
                    def.put("external", true);
                    what = "used but defined in none of the inputs; defined as external: create it with docker "
                            + section.substring(0, section.length() - 1) + " create " + name + " before deploying";
                } else {
                    what = "used but defined in none of the inputs (its base file was not given?); defined with the"
                            + " defaults" + (section.equals("networks") ? " (an overlay network under docker stack deploy)"
                            : "") + "; add the driver and options the base file had";
                }
                defs.put(name, def);
                addedResources.computeIfAbsent(section, k -> new LinkedHashSet<>()).add(name);
                decisions.add(new Decision(null, section + "." + name, Action.ADDED, what));
            }
        }
    }

    private void reportConflicts(ComposeProject project) {
        Map<String, Object> services = project.services();
        for (String name : services.keySet()) {
            List<ComposeFile> defining = project.files().stream().filter(f -> f.services().containsKey(name)).toList();
            if (defining.size() < 2) {
                continue;
            }
            for (String key : CONFLICT_KEYS) {
                Map<String, Object> values = ComposeMaps.conflicting(name, key, defining);
                if (values.isEmpty()) {
                    continue;
                }
                String winner = new ArrayList<>(values.keySet()).get(values.size() - 1);
                String what;
                if (key.equals("environment")) {
                    what = "differs between " + String.join(", ", values.keySet()) + " (values not shown); "
                            + "variables are merged by name and " + winner + " wins for each one it sets";
                } else {
                    what = ComposeMaps.describeAll(key, values) + " → " + winner + " wins";
                }
                decisions.add(new Decision(name, List.of(key), Action.RESOLVED, winner, List.copyOf(values.keySet()), null,
                        null, what));
            }
        }
    }

    /** The registry most project images share, if any. */
    private static String commonRegistry(Map<String, Object> services) {
        Map<String, Integer> counts = new HashMap<>();
        for (Object s : services.values()) {
            if (ComposeMaps.asMap(s).get("image") instanceof String image && !image.contains("$")) {
                String reg = ImageRef.parse(image).registry();
                if (reg != null) {
                    counts.merge(reg, 1, Integer::sum);
                }
            }
        }
        return counts.entrySet().stream().max(Map.Entry.comparingByValue()).map(Map.Entry::getKey).orElse(null);
    }

    private void parameterize(String name, Map<String, Object> svc, String registry, String projectName) {
        String prefix = variablePrefix(name);
        Object image = svc.get("image");
        boolean built = svc.containsKey("build");
        if (image == null && built) {
            String reg = registry != null ? param("REGISTRY", registry, "image registry") + "/" : "";
            String tag = param(prefix + "_IMAGE_TAG", "dev", "image tag of " + name);
            svc.put("image", reg + projectName + "-" + name + ":" + tag);
            decisions.add(new Decision(name, "image", Action.ADDED, "added: docker stack deploy cannot build, so the"
                    + " service needs an image to push and pull; build it with this name in CI"));
        } else if (image instanceof String s && !s.contains("$")) {
            ImageRef ref = ImageRef.parse(s);
            boolean own = built || ref.registry() != null && ref.registry().equals(registry);
            if (own && ref.digest() == null) {
                String reg = ref.registry() == null ? ""
                        : (ref.registry().equals(registry) ? param("REGISTRY", registry, "image registry")
                                : ref.registry()) + "/";
                String tag = param(prefix + "_IMAGE_TAG", ref.tag() == null ? "latest" : ref.tag(),
                        "image tag of " + name);
                svc.put("image", reg + ref.repository() + ":" + tag);
            }
        }
        Map<String, Object> deploy = ComposeMaps.asMap(svc.get("deploy"));
        if (deploy != null && deploy.get("replicas") != null && !String.valueOf(deploy.get("replicas")).contains("$")) {
            deploy.put("replicas", param(prefix + "_REPLICAS", String.valueOf(deploy.get("replicas")),
                    "replicas of " + name));
        }
        Map<String, Object> env = ComposeMaps.asMap(svc.get("environment"));
        if (env != null) {
            for (Map.Entry<String, Object> e : env.entrySet()) {
                if (ENVIRONMENT_NAME_KEYS.contains(e.getKey()) && e.getValue() instanceof String v && !v.contains("$")
                        && !v.isEmpty()) {
                    Parameter existing = parameters.get("DEPLOY_ENV");
                    String var = existing == null || existing.defaultValue().equals(v) ? "DEPLOY_ENV"
                            : prefix + "_DEPLOY_ENV";
                    e.setValue(param(var, v, "environment name"));
                }
            }
        }
    }

    /** A container port published on different host ports in different files becomes a parameter. */
    private void publishedPorts(String name, Map<String, Object> svc, ComposeProject project) {
        if (!(svc.get("ports") instanceof List<?> ports)) {
            return;
        }
        String prefix = variablePrefix(name);
        for (Object o : ports) {
            Map<String, Object> port = ComposeMaps.asMap(o);
            Object target = port.get("target");
            Set<String> published = new LinkedHashSet<>();
            for (ComposeFile f : project.files()) {
                Map<String, Object> def = ComposeMaps.asMap(f.services().get(name));
                if (def != null && def.get("ports") instanceof List<?> fp) {
                    for (Object p : fp) {
                        Map<String, Object> m = ComposeMaps.asMap(p);
                        if (String.valueOf(m.get("target")).equals(String.valueOf(target)) && m.get("published") != null) {
                            published.add(String.valueOf(m.get("published")));
                        }
                    }
                }
            }
            Object current = port.get("published");
            if (published.size() > 1 && current != null && !String.valueOf(current).contains("$")) {
                String var = ports.size() == 1 ? prefix + "_PORT" : prefix + "_PORT_" + target;
                port.put("published", param(var, String.valueOf(current), "host port of " + name + " (container port "
                        + target + "); the files used " + String.join(", ", published)));
            }
        }
    }

    /**
     * A credential or placeholder written into an environment value would be copied into the new
     * file; it becomes a required variable instead, and the report says to rotate it.
     */
    private void noHardCodedSecrets(String name, Map<String, Object> svc) {
        Map<String, Object> env = ComposeMaps.asMap(svc.get("environment"));
        if (env == null) {
            return;
        }
        for (Map.Entry<String, Object> e : env.entrySet()) {
            if (!(e.getValue() instanceof String v) || v.isEmpty() || v.contains("$")) {
                continue;
            }
            List<dev.zerofail.core.Finding> found = detector.detect("docker-compose.yml", e.getKey() + ": " + v + "\n");
            // stricter than scan: a literal under a secret-looking name does not belong in the file,
            // however guessable it looks (paths, numbers and URLs without credentials are settings)
            boolean secretName = detector.rules().secretKeys().isSecretKey(e.getKey()) && !v.startsWith("/")
                    && !v.matches("\\d+") && !v.matches("[a-z][a-z0-9+.-]*://([^:@/]*@)?[^@]*");
            if (found.isEmpty() && !secretName) {
                continue;
            }
            String kind = found.isEmpty() ? "secret" : found.get(0).kind();
            String rule = found.isEmpty() ? "secret-looking name" : found.get(0).rule();
            String var = e.getKey().replaceAll("[^A-Za-z0-9_]", "_");
            e.setValue("${" + var + ":?set " + var + "; it was a hard-coded " + kind + "}");
            removedSecrets.computeIfAbsent(name, k -> new LinkedHashSet<>()).add(e.getKey());
            referenced.add(var);
            decisions.add(new Decision(name, List.of("environment." + e.getKey()), Action.REPLACED, null, null, null, var,
                    "hard-coded " + kind + " (" + rule + ") replaced by the required variable " + var
                            + (kind.equals("secret") ? "; rotate the credential, it is in the history of the old file" : "")));
        }
    }

    /** Ports and secret references in short syntax where nothing is lost, for a file people read. */
    private static Map<String, Object> shortSyntax(Map<String, Object> svc) {
        if (svc.get("ports") instanceof List<?> ports) {
            List<Object> out = new ArrayList<>();
            for (Object o : ports) {
                Map<String, Object> p = ComposeMaps.asMap(o);
                boolean plain = p.keySet().stream().allMatch(k -> Set.of("target", "published", "protocol", "mode",
                        "host_ip").contains(k)) && "ingress".equals(p.getOrDefault("mode", "ingress"))
                        && (p.get("host_ip") == null || p.get("published") != null);
                if (plain) {
                    // host_ip exists only in the short syntax of the version 3 schema
                    String proto = "tcp".equals(p.getOrDefault("protocol", "tcp")) ? "" : "/" + p.get("protocol");
                    String ip = p.get("host_ip") == null ? "" : p.get("host_ip") + ":";
                    out.add(ip + (p.get("published") == null ? "" : p.get("published") + ":") + p.get("target") + proto);
                } else {
                    out.add(p);
                }
            }
            svc.put("ports", out);
        }
        if (svc.get("volumes") instanceof List<?> volumes) {
            List<Object> out = new ArrayList<>();
            for (Object o : volumes) {
                Map<String, Object> v = ComposeMaps.asMap(o);
                out.add(v == null ? o : shortVolume(v));
            }
            svc.put("volumes", out);
        }
        for (String key : List.of("secrets", "configs")) {
            if (svc.get(key) instanceof List<?> refs) {
                List<Object> out = new ArrayList<>();
                for (Object o : refs) {
                    Map<String, Object> r = ComposeMaps.asMap(o);
                    out.add(r != null && r.size() == 1 && r.containsKey("source") ? r.get("source") : o);
                }
                svc.put(key, out);
            }
        }
        return svc;
    }

    /**
     * {@code SOURCE:TARGET[:ro]} when that means the same: the short syntax decides bind or volume from the
     * source, so a source that starts with a variable ({@code ${DATA:-./data}}) keeps meaning what its value
     * means, as it did in the input, instead of being fixed to one type.
     */
    private static Object shortVolume(Map<String, Object> v) {
        if (!(v.get("source") instanceof String src) || src.isEmpty() || !(v.get("target") instanceof String target)
                || !v.keySet().stream().allMatch(k -> Set.of("type", "source", "target", "read_only", "bind", "volume")
                        .contains(k))
                || v.get("read_only") != null && !(v.get("read_only") instanceof Boolean)) {
            return v;
        }
        boolean bind = src.startsWith(".") || src.startsWith("/") || src.startsWith("~") || src.startsWith("$");
        if (!(bind ? "bind" : "volume").equals(v.get("type")) || Normalizer.splitColons(src).size() > 1
                || Normalizer.splitColons(target).size() > 1) {
            return v;
        }
        // the short syntax's modes: ro, z/Z (SELinux), a propagation, nocopy; the version 3 schema has no long form
        // for SELinux labels, so a bind with one must be written short
        List<String> modes = new ArrayList<>();
        if (Boolean.TRUE.equals(v.get("read_only"))) {
            modes.add("ro");
        }
        Map<String, Object> bindOpts = ComposeMaps.asMap(v.get("bind"));
        Map<String, Object> volumeOpts = ComposeMaps.asMap(v.get("volume"));
        if (v.containsKey("bind") && (bindOpts == null || !Set.of("selinux", "propagation").containsAll(bindOpts.keySet()))
                || v.containsKey("volume") && (volumeOpts == null || !volumeOpts.equals(Map.of("nocopy", true)))) {
            return v;
        }
        if (bindOpts != null) {
            for (String k : List.of("selinux", "propagation")) {
                if (bindOpts.get(k) instanceof String mode && mode.matches("[A-Za-z]+")) {
                    modes.add(mode);
                } else if (bindOpts.containsKey(k)) {
                    return v;
                }
            }
        }
        if (volumeOpts != null) {
            modes.add("nocopy");
        }
        return src + ":" + target + (modes.isEmpty() ? "" : ":" + String.join(",", modes));
    }

    /** Registers a parameter and returns its reference; a name the input already uses gets a suffix. */
    /**
     * The service's name as the start of a variable name. A service may be called "8.0" but a variable
     * must not start with a digit, or the unified file would not interpolate.
     */
    static String variablePrefix(String service) {
        String prefix = service.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_");
        return prefix.isEmpty() || Character.isDigit(prefix.charAt(0)) ? "SERVICE_" + prefix : prefix;
    }

    private String param(String name, String defaultValue, String purpose) {
        String n = name;
        for (int i = 2; referenced.contains(n)
                || parameters.containsKey(n) && !parameters.get(n).defaultValue().equals(defaultValue); i++) {
            n = name + "_" + i;
        }
        parameters.putIfAbsent(n, new Parameter(n, defaultValue, purpose));
        return "${" + n + ":-" + defaultValue + "}";
    }

    /** What docker stack deploy needs to roll out safely: rollback on failure, a restart policy, limits. */
    private void swarmReady(String name, Map<String, Object> svc) {
        Map<String, Object> deploy = ComposeMaps.asMap(svc.get("deploy"));
        if (deploy == null) {
            deploy = new LinkedHashMap<>();
            svc.put("deploy", deploy);
        }
        boolean hostPorts = svc.get("ports") instanceof List<?> ports && ports.stream()
                .anyMatch(p -> "host".equals(ComposeMaps.asMap(p).get("mode")))
                || "host".equals(svc.get("network_mode"));
        String order = hostPorts ? "stop-first" : "start-first";
        Map<String, Object> update = ComposeMaps.asMap(deploy.get("update_config"));
        if (update == null) {
            deploy.put("update_config", rollout("rollback", order));
            decisions.add(new Decision(name, "deploy.update_config", Action.ADDED, "added: one task at a time, " + order
                    + ", roll back on failure"));
        } else {
            // keep what the team chose; fill in only what a safe rollout needs and they left out
            List<String> added = new ArrayList<>();
            for (Map.Entry<String, Object> e : rollout("rollback", order).entrySet()) {
                if (List.of("failure_action", "order", "monitor").contains(e.getKey())
                        && !update.containsKey(e.getKey())) {
                    update.put(e.getKey(), e.getValue());
                    added.add(e.getKey() + ": " + e.getValue());
                }
            }
            if (!added.isEmpty()) {
                decisions.add(new Decision(name, "deploy.update_config", Action.ADDED, "added " + String.join(", ", added)));
            }
        }
        if (!deploy.containsKey("rollback_config")) {
            deploy.put("rollback_config", rollout("pause", order));
        }
        if (!deploy.containsKey("restart_policy")) {
            Map<String, Object> policy = new LinkedHashMap<>();
            Object restart = svc.get("restart");
            String condition = restart == null ? "on-failure" : switch (String.valueOf(restart)) {
                case "no", "false" -> "none";
                case "always", "unless-stopped" -> "any";
                default -> "on-failure";
            };
            policy.put("condition", condition);
            policy.put("delay", "5s");
            if (!condition.equals("none")) {
                policy.put("max_attempts", 3L);
                policy.put("window", "120s");
            }
            deploy.put("restart_policy", policy);
            if (restart != null) {
                decisions.add(new Decision(name, "restart", Action.KEPT, "docker stack deploy ignores it; kept for docker"
                        + " compose and mirrored as deploy.restart_policy.condition: " + condition));
            }
        }
        if (svc.get("scale") != null && !deploy.containsKey("replicas")) {
            deploy.put("replicas", Normalizer.number(svc.get("scale")));
            decisions.add(new Decision(name, List.of("deploy.replicas"), Action.RENAMED, null, null, List.of("scale"), null,
                    "added from scale: " + svc.get("scale")));
        }
        Map<String, Object> limits = new LinkedHashMap<>();
        if (svc.get("mem_limit") != null) {
            limits.put("memory", String.valueOf(svc.get("mem_limit")));
        }
        if (svc.get("cpus") != null) {
            limits.put("cpus", String.valueOf(svc.get("cpus")));
        }
        Map<String, Object> reservations = new LinkedHashMap<>();
        if (svc.get("mem_reservation") != null) {
            reservations.put("memory", String.valueOf(svc.get("mem_reservation")));
        }
        if ((!limits.isEmpty() || !reservations.isEmpty()) && !deploy.containsKey("resources")) {
            Map<String, Object> resources = new LinkedHashMap<>();
            if (!limits.isEmpty()) {
                resources.put("limits", limits);
            }
            if (!reservations.isEmpty()) {
                resources.put("reservations", reservations);
            }
            deploy.put("resources", resources);
            decisions.add(new Decision(name, List.of("deploy.resources"), Action.RENAMED, null, null,
                    java.util.stream.Stream.of("mem_limit", "cpus", "mem_reservation").filter(k -> svc.get(k) != null).toList(),
                    null, "added from mem_limit/cpus/mem_reservation"));
        }
        List<String> dropped = svc.keySet().stream().filter(V2_ONLY::contains).toList();
        if (!dropped.isEmpty()) {
            dropped.forEach(svc::remove);
            decisions.add(new Decision(name, dropped, Action.REMOVED, "removed: version 2 settings that version 3"
                    + " files cannot hold and Swarm ignores" + (limits.isEmpty() ? "" : " (limits kept under deploy.resources)")));
        }
        Object pull = svc.get("pull_policy");
        if ("never".equals(pull) || "build".equals(pull)) {
            decisions.add(new Decision(name, "pull_policy", Action.REMOVED, "removed (" + pull + "); docker stack deploy"
                    + " refuses it: the image " + svc.get("image") + " must be on every node that may run the service,"
                    + " or pushed to a registry the nodes can pull from"));
        }
        if (svc.get("profiles") != null) {
            decisions.add(new Decision(name, "profiles", Action.REMOVED, "removed (" + svc.get("profiles") + "); a stack"
                    + " has no profiles, so this service runs with the others: delete it from the unified file if it should not"));
        }
        List<String> refused = svc.keySet().stream().filter(STACK_REFUSED::contains)
                .filter(k -> !k.equals("profiles") && !(k.equals("pull_policy") && ("never".equals(pull) || "build".equals(pull))))
                .toList();
        if (!refused.isEmpty()) {
            decisions.add(new Decision(name, refused, Action.REMOVED, "removed: docker stack deploy refuses these"
                    + " keys in a version " + OUTPUT_VERSION + " file (docker compose reads them from the original files)"));
        }
        STACK_REFUSED.forEach(svc::remove);
        List<String> reshaped = stackSafe(svc);
        if (!reshaped.isEmpty()) {
            decisions.add(new Decision(name, reshaped, Action.REWRITTEN, "removed or rewritten: docker stack deploy"
                    + " refuses them in a version " + OUTPUT_VERSION + " file"));
        }
        if (svc.get("depends_on") instanceof Map<?, ?> deps) {
            boolean conditions = deps.values().stream().anyMatch(c -> c instanceof Map<?, ?> m
                    && !"service_started".equals(m.get("condition")));
            if (conditions) {
                decisions.add(new Decision(name, "depends_on", Action.REWRITTEN, "conditions dropped: docker stack deploy"
                        + " accepts only a list (and ignores it); the health gates of zerofail deploy take their place"));
            }
            svc.put("depends_on", new ArrayList<>(deps.keySet()));
        }
    }

    private static Map<String, Object> rollout(String failureAction, String order) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("parallelism", 1L);
        m.put("delay", "5s");
        m.put("failure_action", failureAction);
        m.put("monitor", "30s");
        m.put("max_failure_ratio", 0L);
        m.put("order", order);
        return m;
    }

    /** x-common, x-default-deploy, x-default-healthcheck and x-default-logging, where two or more services share them. */
    private Map<String, Object> extractSharedBlocks(Map<String, Object> services) {
        Map<String, Object> blocks = new LinkedHashMap<>();
        List<Map<String, Object>> all = services.values().stream().map(ComposeMaps::asMap).toList();

        Map<String, Object> common = mostShared(all, s -> ComposeMaps.subset(s, COMMON_CANDIDATES));
        if (common != null) {
            blocks.put("x-common", new YamlWriter.Anchored("common", common));
            for (Map<String, Object> s : all) {
                if (ComposeMaps.containsAll(s, common)) {
                    common.keySet().forEach(s::remove);
                    s.put("<<", new YamlWriter.Alias("common"));
                }
            }
        }
        sharePart(all, blocks, "deploy", "default-deploy", Set.of("update_config", "rollback_config",
                "restart_policy"));
        sharePart(all, blocks, "healthcheck", "default-healthcheck", Set.of("interval", "timeout", "retries",
                "start_period", "start_interval"));
        Map<String, Object> logging = mostShared(all, s -> ComposeMaps.asMap(s.get("logging")));
        if (logging != null) {
            blocks.put("x-default-logging", new YamlWriter.Anchored("default-logging", logging));
            for (Map<String, Object> s : all) {
                if (logging.equals(s.get("logging"))) {
                    s.put("logging", new YamlWriter.Alias("default-logging"));
                }
            }
        }
        return blocks;
    }

    /**
     * The {@code keys} of a service's {@code section} that most services share become the block
     * {@code x-ANCHOR}; each service that has them all merges it with {@code <<: *ANCHOR} and keeps the rest.
     */
    private static void sharePart(List<Map<String, Object>> all, Map<String, Object> blocks, String section,
            String anchor, Set<String> keys) {
        Map<String, Object> shared = mostShared(all, s -> ComposeMaps.subset(ComposeMaps.asMap(s.get(section)), keys));
        if (shared == null) {
            return;
        }
        blocks.put("x-" + anchor, new YamlWriter.Anchored(anchor, shared));
        for (Map<String, Object> s : all) {
            Map<String, Object> own = ComposeMaps.asMap(s.get(section));
            if (own != null && ComposeMaps.containsAll(own, shared)) {
                Map<String, Object> rest = new LinkedHashMap<>();
                rest.put("<<", new YamlWriter.Alias(anchor));
                own.forEach((k, v) -> {
                    if (!shared.containsKey(k)) {
                        rest.put(k, v);
                    }
                });
                s.put(section, rest);
            }
        }
    }

    /** The non-empty value that the most services (at least two) have, or null. */
    private static Map<String, Object> mostShared(List<Map<String, Object>> services,
            java.util.function.Function<Map<String, Object>, Map<String, Object>> key) {
        Map<Map<String, Object>, Integer> counts = new LinkedHashMap<>();
        for (Map<String, Object> s : services) {
            Map<String, Object> k = key.apply(s);
            if (k != null && !k.isEmpty()) {
                counts.merge(k, 1, Integer::sum);
            }
        }
        return counts.entrySet().stream().filter(e -> e.getValue() >= 2)
                .max(Map.Entry.<Map<String, Object>, Integer>comparingByValue()
                        .thenComparing(e -> e.getKey().size()))
                .map(e -> YamlTree.deepCopy(e.getKey())).orElse(null);
    }

    private static Map<String, Object> ordered(Map<String, Object> svc) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (String k : KEY_ORDER) {
            if (svc.containsKey(k)) {
                out.put(k, svc.get(k));
            }
        }
        svc.forEach(out::putIfAbsent);
        return out;
    }

    private static Object relocate(String value, Path from, Path to) {
        String rel = to.relativize(from.resolve(value).normalize()).toString();
        return rel.isEmpty() ? "." : rel.startsWith("..") ? rel : "./" + rel;
    }

    /**
     * Reads the text back as if it were written, and checks that every service means what the merged input
     * meant. Both sides keep the inputs' variable references as written (so a {@code ${DATA:-.}/x} must come
     * out as exactly that); only unify's own parameters are resolved, to their defaults, the values the
     * inputs had.
     */
    private void verify(List<Path> inputs, Path projectDir, String yaml, Path output) {
        Map<String, Object> expected = ComposeLoader.load(inputs,
                new ComposeLoader.Options(Map.of(), false, projectDir).asAlternatives(), false).model();
        Map<String, String> defaults = new LinkedHashMap<>();
        parameters.values().forEach(p -> defaults.put(p.name(), p.defaultValue()));
        Path outDir = ComposeLoader.parent(output);
        Map<String, Object> actual = ComposeLoader.load(List.of(output), ComposeLoader.Options.partial(defaults,
                outDir), false, Map.of(output, yaml)).model();
        for (Map<String, Object> m : List.of(expected, actual)) {
            removedSecrets.forEach((svc, keys) -> {
                Map<String, Object> env = ComposeMaps.asMap(ComposeMaps.path(m, "services." + svc + ".environment"));
                if (env != null) {
                    env.keySet().removeAll(keys);
                }
            });
        }
        addedResources.forEach((section, names) -> {
            Map<String, Object> defs = ComposeMaps.asMap(actual.get(section));
            if (defs != null) {
                defs.keySet().removeAll(names);
                if (defs.isEmpty() && !expected.containsKey(section)) {
                    actual.remove(section);
                }
            }
        });
        ComposeMaps.rewritePaths(expected, v -> projectDir.resolve(v).normalize().toString());
        ComposeMaps.rewritePaths(actual, v -> outDir.resolve(v).normalize().toString());
        List<String> diffs = Equivalence.differences(expected, actual);
        if (!diffs.isEmpty()) {
            throw new ZerofailException(ExitCode.INTERNAL, null, "the unified file would not define the services"
                    + " as the input does: " + String.join("; ", diffs.subList(0, Math.min(5, diffs.size())))
                    + (diffs.size() > 5 ? "; and " + (diffs.size() - 5) + " more" : ""),
                    "nothing was written; please report this with the input files");
        }
    }

    /**
     * Rewrites what docker stack deploy's version 3 schema refuses inside a service's values (a port's
     * {@code name} and {@code app_protocol}, a healthcheck's {@code start_interval}, GPU
     * {@code devices} reservations), in place; returns what it changed. The read-back applies the same
     * to the input, so these are the only differences it lets through.
     */
    @SuppressWarnings("unchecked")
    static List<String> stackSafe(Map<String, Object> svc) {
        List<String> changed = new ArrayList<>();
        if (svc.get("ports") instanceof List<?> ports) {
            for (Object p : ports) {
                if (p instanceof Map<?, ?> m && (m.remove("name") != null | m.remove("app_protocol") != null)
                        && !changed.contains("ports[].name/app_protocol")) {
                    changed.add("ports[].name/app_protocol");
                }
            }
        }
        if (svc.get("healthcheck") instanceof Map<?, ?> h && h.remove("start_interval") != null) {
            changed.add("healthcheck.start_interval");
        }
        if (ComposeMaps.path(svc, "deploy.resources.reservations") instanceof Map<?, ?> r && r.containsKey("devices")) {
            ((Map<String, Object>) r).remove("devices");
            changed.add("deploy.resources.reservations.devices (Swarm cannot reserve devices such as GPUs)");
        }
        return changed;
    }
}
