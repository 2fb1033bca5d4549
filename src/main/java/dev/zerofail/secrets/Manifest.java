package dev.zerofail.secrets;

import dev.zerofail.core.ConfigKeys;
import dev.zerofail.core.ConfigNode;
import dev.zerofail.core.ZerofailConfig;
import dev.zerofail.core.ZerofailException;
import dev.zerofail.scan.RuleSet;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The canonical list of secrets, from {@code secrets.manifest} in {@code zerofail.yaml} (a list, or
 * the path of a YAML file holding one). Every malformed entry is a usage error naming file, line
 * and key; a repository without a manifest gets an empty one.
 *
 * @param file the file the entries were read from; empty when there is no manifest
 */
public record Manifest(Optional<Path> file, List<SecretSpec> secrets) {
    /** Keys of the {@code secrets:} section; sync, verify and run own {@code source} and {@code stores}. */
    public static final ConfigKeys SECTION_KEYS = ConfigKeys.of("secrets", "manifest", "source", "stores");
    public static final ConfigKeys ENTRY_KEYS = ConfigKeys.of("secrets.manifest[]", "name", "path", "env", "category",
            "description", "required", "sensitive", "format", "regex", "services");
    /** A manifest file may hold a {@code secrets: manifest:} fragment, as {@code secrets import} writes it. */
    static final ConfigKeys FILE_KEYS = ConfigKeys.in("manifest file", "", "secrets");
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Pattern PATH = Pattern.compile("[A-Za-z0-9_-]+(?:\\.[A-Za-z0-9_-]+)*");
    private static final Pattern WORD = Pattern.compile("[A-Za-z0-9_.*-]+");

    public Manifest {
        secrets = List.copyOf(secrets);
    }

    public static Manifest empty() {
        return new Manifest(Optional.empty(), List.of());
    }

    /** Reads {@code secrets.manifest}; scanner rules (built-in plus {@code scan.rules}) give the format names. */
    public static Manifest load(ZerofailConfig config, Path root) {
        ConfigNode section = config.section("secrets");
        section.requireKeys(SECTION_KEYS);
        Optional<ConfigNode> node = section.get("manifest");
        if (node.isEmpty() || node.get().isNull()) {
            return empty();
        }
        Formats formats = Formats.of(RuleSet.load(config.section("scan")));
        Path configFile = config.file().orElse(root.resolve(ZerofailConfig.FILE_NAME));
        ConfigNode list = node.get();
        Path file = configFile;
        if (list.isScalar()) {
            Path dir = configFile.toAbsolutePath().getParent();
            file = dir.resolve(list.string()).normalize();
            if (!java.nio.file.Files.isRegularFile(file)) {
                throw list.error("manifest file not found: " + file, "fix the path (relative to " + configFile.getFileName() + ")");
            }
            list = listIn(ConfigNode.load(file));
        }
        return new Manifest(Optional.of(file), parse(list, formats, environments(config)));
    }

    /** Environment names from {@code environments:}, to catch a typo in {@code required}; empty when not declared. */
    private static java.util.Set<String> environments(ZerofailConfig config) {
        try {
            return java.util.Set.copyOf(config.section("environments").entries().keySet());
        } catch (ZerofailException e) {
            return java.util.Set.of();
        }
    }

    /** A manifest file holds the list itself, or a {@code secrets: manifest:} fragment as in zerofail.yaml. */
    private static ConfigNode listIn(ConfigNode root) {
        if (root.isNull() || isList(root)) {
            return root;
        }
        ConfigNode secrets = root.requireKeys(FILE_KEYS).get("secrets")
                .orElseThrow(() -> root.error("expected a list of secrets", "write '- name: …' entries"));
        secrets.requireKeys(SECTION_KEYS);
        return secrets.get("manifest").orElseThrow(() -> secrets.error("no 'manifest' key", "add secrets.manifest: [...]"));
    }

    private static boolean isList(ConfigNode n) {
        try {
            n.items();
            return true;
        } catch (ZerofailException e) {
            return false;
        }
    }

    /** Parses a list of entries; every error names the entry's file, line and key. */
    public static Manifest parse(ConfigNode list, Formats formats, Path file) {
        return new Manifest(Optional.ofNullable(file), parse(list, formats, java.util.Set.of()));
    }

    private static List<SecretSpec> parse(ConfigNode list, Formats formats, java.util.Set<String> environments) {
        List<SecretSpec> out = new ArrayList<>();
        Map<String, String> names = new HashMap<>();
        Map<String, String> paths = new HashMap<>();
        Map<String, String> envs = new HashMap<>();
        for (ConfigNode n : list.items()) {
            SecretSpec s = entry(n, formats, environments);
            unique(names, s.name().toUpperCase(Locale.ROOT), n, "name", "secret name '" + s.name() + "'");
            unique(paths, s.path(), n, "path", "store path '" + s.path() + "'");
            unique(envs, s.env(), n, "env", "runtime variable '" + s.env() + "'");
            out.add(s);
        }
        return out;
    }

    private static void unique(Map<String, String> seen, String value, ConfigNode entry, String key, String what) {
        String first = seen.putIfAbsent(value, entry.where());
        if (first != null) {
            ConfigNode at = entry.get(key).orElse(entry);
            throw at.error("duplicate " + what + ", already used at " + first,
                    "give each secret its own " + key + (key.equals("name") ? " (GitHub secret names ignore case)" : ""));
        }
    }

    private static SecretSpec entry(ConfigNode n, Formats formats, java.util.Set<String> environments) {
        n.requireKeys(ENTRY_KEYS);
        ConfigNode nameNode = n.get("name").orElseThrow(() -> n.error("secret without a name",
                "add name: THE_CI_SECRET_NAME"));
        String name = nameNode.string();
        if (!NAME.matcher(name).matches()) {
            throw nameNode.error("secret name '" + name + "' may hold only letters, digits and _, and not start with a digit",
                    "use a CI-style name such as OPENAI_API_KEY");
        }
        if (name.toUpperCase(Locale.ROOT).startsWith("GITHUB_")) {
            throw nameNode.error("secret name '" + name + "' starts with GITHUB_, which GitHub reserves",
                    "rename it, e.g. GH_" + name.substring(7));
        }
        String path = n.get("path").map(p -> checked(p, PATH, "a dotted store path such as acme.ai.openai_api_key"))
                .orElse(name.toLowerCase(Locale.ROOT));
        String env = n.get("env").map(e -> checked(e, NAME, "a variable name such as OPENAI_API_KEY")).orElse(name);
        String category = n.get("category").map(c -> checked(c, WORD, "one word such as ai or database")).orElse(null);
        String description = n.get("description").map(ConfigNode::string).orElse(null);
        List<String> required = n.get("required").map(r -> required(r, environments)).orElse(List.of(SecretSpec.EVERYWHERE));
        boolean sensitive = n.get("sensitive").map(ConfigNode::bool).orElse(true);
        String format = null;
        if (n.get("format").isPresent()) {
            ConfigNode f = n.get("format").get();
            format = f.string();
            if (formats.find(format).isEmpty()) {
                throw f.error("unknown format '" + format + "'", "use one of " + String.join(", ", formats.names())
                        + ", or give a regex:");
            }
        }
        Pattern pattern = n.get("regex").map(Manifest::compile).orElse(null);
        List<String> services = new ArrayList<>();
        for (ConfigNode s : n.get("services").map(sv -> sv.isScalar() ? List.of(sv) : sv.items()).orElse(List.of())) {
            services.add(checked(s, WORD, "a service name such as api"));
        }
        return new SecretSpec(name, path, env, category, description, required, sensitive, format, pattern, services,
                n.where());
    }

    /** {@code true} everywhere, {@code false} optional, or environment names (one or a list). */
    private static List<String> required(ConfigNode r, java.util.Set<String> environments) {
        if (r.isScalar()) {
            String v = r.string().toLowerCase(Locale.ROOT);
            if (v.equals("true") || v.equals("yes")) {
                return List.of(SecretSpec.EVERYWHERE);
            }
            if (v.equals("false") || v.equals("no")) {
                return List.of();
            }
        }
        List<String> envs = new ArrayList<>();
        for (ConfigNode e : r.isScalar() ? List.of(r) : r.items()) {
            String env = checked(e, WORD, "true, false or environment names such as [staging, prod]");
            if (!environments.isEmpty() && !env.equals(SecretSpec.EVERYWHERE) && !environments.contains(env)) {
                throw e.error("unknown environment '" + env + "'", "use true, false or environments declared under "
                        + "environments: " + new java.util.TreeSet<>(environments));
            }
            envs.add(env);
        }
        if (envs.isEmpty()) {
            throw r.error("an empty list of environments", "write required: false for an optional secret");
        }
        return envs;
    }

    private static String checked(ConfigNode n, Pattern p, String expected) {
        String v = n.string();
        if (!p.matcher(v).matches()) {
            throw n.error("expected " + expected + ", got '" + v + "'", "fix the value");
        }
        return v;
    }

    private static Pattern compile(ConfigNode n) {
        try {
            return Pattern.compile(n.string());
        } catch (PatternSyntaxException e) {
            throw n.error("invalid regex: " + e.getDescription() + " at index " + e.getIndex(), "fix the regex");
        }
    }

    public Optional<SecretSpec> byName(String name) {
        return secrets.stream().filter(s -> s.name().equals(name)).findFirst();
    }

    /** Secrets used by any of {@code services} (secrets tied to no service count for all); all when empty. */
    public List<SecretSpec> forServices(Collection<String> services) {
        if (services == null || services.isEmpty()) {
            return secrets;
        }
        return secrets.stream().filter(s -> s.usedByAny(services)).toList();
    }

    public boolean present() {
        return file.isPresent();
    }

    /** This manifest, or exit 2 naming the config file when the repository has none yet. */
    public Manifest requirePresent(java.nio.file.Path root) {
        if (!present()) {
            throw dev.zerofail.core.ZerofailException.usage(root.resolve(ZerofailConfig.FILE_NAME).toString(),
                    "no secrets manifest (secrets.manifest)", "start one with 'zerofail secrets import'");
        }
        return this;
    }
}
