package dev.zerofail.secrets;

import dev.zerofail.core.ConfigNode;
import dev.zerofail.core.DotEnv;
import dev.zerofail.core.ZerofailException;
import dev.zerofail.scan.RuleSet;
import dev.zerofail.scan.ValueRules;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One-time import of a manifest from layouts a team already has: a dotenv file (its keys; a value
 * only serves to guess the format and is never copied), a Pulumi ESC environment definition
 * ({@code fn::secret} leaves under {@code values:} become store paths), and the secrets the
 * workflows reference. Entries from several sources merge by name.
 */
public final class SecretsImport {
    private static final Pattern ESC_REF = Pattern.compile("^\\$\\{([A-Za-z0-9_.-]+)}$");
    private static final Map<String, String> CATEGORIES = categories();

    /** One entry being assembled; {@code sources} says where it came from, for the description. */
    public static final class Entry {
        final String name;
        String path;
        String env;
        String format;
        final Set<String> sources = new LinkedHashSet<>();
        final Set<String> services = new java.util.TreeSet<>();

        Entry(String name) {
            this.name = name;
        }
    }

    private final RuleSet rules;
    private final ValueRules values;
    private final Formats formats;
    private final Map<String, Entry> entries = new LinkedHashMap<>();
    private final List<String> sources = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();

    public SecretsImport(RuleSet rules) {
        this.rules = rules;
        this.values = new ValueRules(rules);
        this.formats = Formats.of(rules);
    }

    /**
     * GitHub refuses CI secret names that start with GITHUB_, and the manifest does too; a variable such
     * as GITHUB_CLIENT_SECRET (an OAuth app's) is imported as GH_CLIENT_SECRET with env: GITHUB_CLIENT_SECRET,
     * so the service still reads the name it knows.
     */
    private String ciName(String variable, String where) {
        if (!variable.toUpperCase(Locale.ROOT).startsWith("GITHUB_")) {
            return variable;
        }
        String name = "GH_" + variable.substring("GITHUB_".length());
        notes.add(where + ": " + variable + " imported as " + name + " (GitHub reserves GITHUB_ for its own secret names); "
                + "env: keeps " + variable);
        return name;
    }

    private Entry entry(String name) {
        // GitHub secret names ignore case (secrets.docker_hub_login is DOCKER_HUB_LOGIN): one entry, first spelling
        return entries.computeIfAbsent(name.toUpperCase(Locale.ROOT), k -> new Entry(name));
    }

    /** Keys that carry a secret (by name, or by a value that looks like a credential). */
    public SecretsImport dotenv(Path file, String label) {
        sources.add(label);
        int skipped = 0;
        for (DotEnv.Entry e : DotEnv.entries(file)) {
            String shape = values.secretShape(e.value()).map(r -> formats.nameFor(r.id())).orElse(null);
            if (!rules.secretKeys().isSecretKey(e.key()) && shape == null) {
                skipped++;
                continue;
            }
            Entry en = entry(ciName(e.key(), label + ":" + e.line()));
            en.env = e.key();
            if (shape != null && en.format == null) {
                en.format = shape;
            }
            en.sources.add(label + ":" + e.line());
        }
        if (skipped > 0) {
            notes.add(label + ": " + skipped + " variable(s) that do not look like secrets left out");
        }
        return this;
    }

    /** {@code fn::secret} leaves under {@code values:}; {@code environmentVariables} names them. */
    public SecretsImport esc(Path file, String label) {
        sources.add(label);
        ConfigNode root = ConfigNode.load(file);
        ConfigNode vals = root.get("values").orElseThrow(() -> root.error("no 'values:' in this ESC environment definition",
                "pass the output of 'esc env get ORG/PROJECT/ENV --definition'"));
        Map<String, String> envNames = new LinkedHashMap<>();
        vals.get("environmentVariables").ifPresent(ev -> ev.entries().forEach((k, v) -> {
            if (v.isScalar()) {
                Matcher m = ESC_REF.matcher(v.string().strip());
                if (m.matches()) {
                    envNames.putIfAbsent(m.group(1), k);
                }
            }
        }));
        walk(vals, "", envNames, label);
        return this;
    }

    private void walk(ConfigNode node, String prefix, Map<String, String> envNames, String label) {
        if (node.isNull() || node.isScalar() || !isMapping(node)) {
            return;
        }
        for (Map.Entry<String, ConfigNode> e : node.entries().entrySet()) {
            String key = e.getKey();
            if (prefix.isEmpty() && (key.equals("environmentVariables") || key.equals("pulumiConfig") || key.equals("files"))) {
                continue;
            }
            if (key.startsWith("fn::")) {
                if (key.equals("fn::secret") && !prefix.isEmpty()) {
                    String variable = envNames.getOrDefault(prefix, upperSnake(prefix.substring(prefix.lastIndexOf('.') + 1)));
                    Entry en = entry(ciName(variable, label + ":" + node.line()));
                    if (!en.name.equals(variable) && en.env == null) {
                        en.env = variable;
                    }
                    if (en.path == null) {
                        en.path = prefix;
                    }
                    en.sources.add(label + ":" + node.line());
                }
                continue;
            }
            if (!key.matches("[A-Za-z0-9_-]+")) {
                notes.add(label + ":" + e.getValue().line() + ": key '" + key + "' cannot be a store path, left out");
                continue;
            }
            walk(e.getValue(), prefix.isEmpty() ? key : prefix + "." + key, envNames, label);
        }
    }

    private static boolean isMapping(ConfigNode n) {
        try {
            n.entries();
            return true;
        } catch (ZerofailException e) {
            return false;
        }
    }

    /** Secrets referenced as {@code ${{ secrets.X }}} by the workflows under {@code root/.github}. */
    public SecretsImport workflows(Path root, String label) {
        sources.add(label);
        if (!java.nio.file.Files.isDirectory(root.resolve(".github"))) {
            throw ZerofailException.usage(root.toString(), "no .github directory here", "pass the repository root");
        }
        for (Reference r : ReferenceFinder.find(root.resolve(".github").getParent()).references()) {
            if (r.kind() == Reference.Kind.WORKFLOW && !r.name().equals("GITHUB_TOKEN")) {
                entry(r.name()).sources.add(r.where());
            }
        }
        return this;
    }

    public List<String> notes() {
        return List.copyOf(notes);
    }

    public int size() {
        return entries.size();
    }

    /**
     * Fills each entry's {@code services} with the compose services that reference it (by its name or
     * its runtime variable, {@code _FILE} suffixes ignored): {@code ReferenceFinder}'s compose references.
     */
    public SecretsImport services(List<Reference> references) {
        for (Reference r : references) {
            if (r.service() == null || r.kind() == Reference.Kind.WORKFLOW || r.kind() == Reference.Kind.TEMPLATE
                    || r.kind() == Reference.Kind.CODE) {
                continue;
            }
            String ref = Reference.normalize(r.name());
            for (Entry e : entries.values()) {
                if (Reference.normalize(e.name).equals(ref) || e.env != null && Reference.normalize(e.env).equals(ref)) {
                    e.services.add(r.service());
                }
            }
        }
        return this;
    }

    /** The sources read so far, as labelled by the caller. */
    public List<String> sources() {
        return List.copyOf(sources);
    }

    /** The manifest as YAML, in the shape of zerofail.yaml's {@code secrets:} section; checked by parsing it back. */
    public String yaml() {
        StringBuilder y = new StringBuilder();
        y.append("# Secrets manifest imported by `zerofail secrets import` from ").append(String.join(", ", sources)).append(".\n");
        y.append("# Review every entry: categories, services, required and formats are guesses. No value was copied.\n");
        y.append("# Keep it here and set secrets.manifest: <this file> in zerofail.yaml, or move the list there.\n");
        y.append("secrets:\n  manifest:");
        y.append(entries.isEmpty() ? " []\n" : "\n");
        y.append(entries());
        String text = y.toString();
        check(text);
        return text;
    }

    /**
     * The entries alone, as the lines under {@code secrets.manifest:} (four spaces in), empty when there
     * are none: for a caller that writes the rest of zerofail.yaml itself ({@code zerofail init}).
     */
    public String entries() {
        StringBuilder y = new StringBuilder();
        Set<String> paths = new LinkedHashSet<>();
        for (Entry e : entries.values()) {
            String path = e.path != null ? e.path : e.name.toLowerCase(Locale.ROOT);
            while (!paths.add(path)) {
                path = path + "_2";
            }
            y.append("    - name: ").append(e.name).append('\n');
            y.append("      path: ").append(path).append('\n');
            if (e.env != null && !e.env.equals(e.name)) {
                y.append("      env: ").append(e.env).append('\n');
            }
            y.append("      category: ").append(category(e.name + "_" + path)).append('\n');
            y.append("      description: ").append(quote("imported from " + String.join(", ", e.sources))).append('\n');
            y.append("      required: true\n");
            if (e.format != null) {
                y.append("      format: ").append(e.format).append('\n');
            }
            y.append("      services: [").append(e.services.stream().map(SecretsImport::serviceName)
                    .collect(java.util.stream.Collectors.joining(", "))).append("]\n");
        }
        return y.toString();
    }

    /** Compose service names are [a-zA-Z0-9._-]; one that YAML would read as something else is quoted. */
    private static String serviceName(String s) {
        return s.matches("[A-Za-z_][A-Za-z0-9_.-]*") && !s.matches("(?i)true|false|yes|no|on|off|null|y|n") ? s : quote(s);
    }

    private void check(String text) {
        ConfigNode parsed = ConfigNode.parse("(imported manifest)", text);
        Manifest.parse(parsed.get("secrets").orElseThrow().get("manifest").orElseThrow(), formats, null);
    }

    private static String quote(String s) {
        return "'" + s.replace("'", "''") + "'";
    }

    /** jwtSecret → JWT_SECRET, db-password → DB_PASSWORD. */
    static String upperSnake(String key) {
        String s = key.replaceAll("([a-z0-9])([A-Z])", "$1_$2").replaceAll("[^A-Za-z0-9]+", "_").toUpperCase(Locale.ROOT);
        return s.matches("[0-9].*") ? "_" + s : s;
    }

    static String category(String name) {
        for (String word : name.toLowerCase(Locale.ROOT).split("[^a-z0-9]+")) {
            String c = CATEGORIES.get(word);
            if (c != null) {
                return c;
            }
        }
        return "general";
    }

    private static Map<String, String> categories() {
        Map<String, String> m = new LinkedHashMap<>();
        for (String w : List.of("openai", "anthropic", "huggingface", "hf", "ai", "llm", "gemini", "mistral")) {
            m.put(w, "ai");
        }
        for (String w : List.of("postgres", "postgresql", "pg", "db", "database", "mysql", "redis", "mongo", "mongodb")) {
            m.put(w, "database");
        }
        for (String w : List.of("stripe", "payment", "payments", "paypal", "billing")) {
            m.put(w, "payments");
        }
        for (String w : List.of("aws", "gcp", "azure", "s3", "cloudflare")) {
            m.put(w, "cloud");
        }
        for (String w : List.of("slack", "smtp", "sendgrid", "mail", "twilio", "telegram", "webhook")) {
            m.put(w, "messaging");
        }
        for (String w : List.of("jwt", "session", "auth", "oauth", "cookie", "signing")) {
            m.put(w, "auth");
        }
        for (String w : List.of("github", "gh", "docker", "dockerhub", "ssh", "deploy", "pulumi", "registry", "npm", "swarm")) {
            m.put(w, "deploy");
        }
        return m;
    }
}
