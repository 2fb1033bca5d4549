package dev.zerofail.scan;

import dev.zerofail.core.ConfigKeys;
import dev.zerofail.core.ConfigNode;
import dev.zerofail.core.Severity;
import dev.zerofail.core.ZerofailException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** The built-in rules plus the user's, minus the disabled ones, and the secret-key vocabulary. */
public final class RuleSet {
    static final String BUILTIN_RESOURCE = "/dev/zerofail/scan/rules.yaml";
    static final Set<String> BUILTINS = Set.of("empty-value", "url-placeholder-password", "url-real-password",
            "entropy", "pem-body", "weak-default", "key-file");
    /** A rule of scan.rules, and of the built-in rules.yaml, which uses the same schema. */
    static final ConfigKeys RULE_KEYS = ConfigKeys.of("scan.rules[]", "id", "kind", "severity", "description", "fix",
            "keywords", "regex", "group", "value", "builtin", "minEntropy", "minLength", "examples");
    static final ConfigKeys EXAMPLE_KEYS = ConfigKeys.of("scan.rules[].examples", "match", "nomatch");
    private final List<String> warnings = new ArrayList<>();

    private final List<Rule> rules;
    private final SecretKeys secretKeys;
    private final List<String> secretKeyMatchExamples;
    private final List<String> secretKeyNoMatchExamples;
    private final Vocabulary vocabulary;

    RuleSet(List<Rule> rules, SecretKeys secretKeys, List<String> keyMatch, List<String> keyNoMatch,
            Vocabulary vocabulary) {
        this.rules = List.copyOf(rules);
        this.secretKeys = secretKeys;
        this.vocabulary = vocabulary;
        this.secretKeyMatchExamples = List.copyOf(keyMatch);
        this.secretKeyNoMatchExamples = List.copyOf(keyNoMatch);
    }

    public static RuleSet builtin() {
        return load(null);
    }

    /**
     * Built-in rules, then {@code scan.rules} from the user's config (same schema; an id equal to a
     * built-in replaces it), minus {@code scan.disable}.
     */
    public static RuleSet load(ConfigNode scanSection) {
        if (STARTED.compareAndSet(false, true)) {
            parseBuiltin();
        }
        RuleSet base = BUILTIN.join();
        Map<String, Rule> byId = new LinkedHashMap<>();
        for (Rule r : base.rules) {
            byId.put(r.id(), r);
        }
        Map<Rule, ConfigNode> userRules = new LinkedHashMap<>();
        List<String> gitleaksNotes = new ArrayList<>();
        if (scanSection != null) {
            for (ConfigNode n : scanSection.get("rules").map(ConfigNode::items).orElse(List.of())) {
                Rule r = parseRule(n);
                byId.put(r.id(), r);
                userRules.put(r, n);
            }
            List<String> skipped = new ArrayList<>();
            int imported = 0;
            for (ConfigNode n : scanSection.get("gitleaksRules").map(g -> g.isScalar() ? List.of(g) : g.items()).orElse(List.of())) {
                java.nio.file.Path cfgDir = java.nio.file.Path.of(n.file()).toAbsolutePath().getParent();
                java.nio.file.Path toml = cfgDir == null ? java.nio.file.Path.of(n.string()) : cfgDir.resolve(n.string());
                if (!java.nio.file.Files.isRegularFile(toml)) {
                    throw n.error("gitleaks rule file not found: " + toml, "fix the path (relative to zerofail.yaml)");
                }
                for (Rule r : GitleaksRules.load(toml, skipped)) {
                    byId.put(r.id(), r);
                    imported++;
                }
            }
            if (imported > 0 || !skipped.isEmpty()) {
                gitleaksNotes.add(imported + " gitleaks rule(s) imported" + (skipped.isEmpty() ? ""
                        : "; " + skipped.size() + " skipped: " + String.join(", ", skipped.subList(0, Math.min(5, skipped.size())))
                        + (skipped.size() > 5 ? ", …" : "")));
            }
            for (ConfigNode n : scanSection.get("disable").map(ConfigNode::items).orElse(List.of())) {
                if (byId.remove(n.string()) == null) {
                    throw n.error("no rule with id '" + n.string() + "'",
                            "run 'zerofail scan --list-rules' to see the rule ids");
                }
            }
        }
        RuleSet set = new RuleSet(new ArrayList<>(byId.values()), base.secretKeys, base.secretKeyMatchExamples,
                base.secretKeyNoMatchExamples, base.vocabulary);
        checkExamples(set, userRules);
        set.warnings.addAll(gitleaksNotes);
        return set;
    }

    /**
     * The built-in rules, read once per process from their compiled form ({@link CompiledRules}).
     * Reading them and compiling the regexes is still a part of a short scan's start-up, so {@link #preload()} can start it on another core
     * while the command line is still being read.
     */
    private static final java.util.concurrent.CompletableFuture<RuleSet> BUILTIN = new java.util.concurrent.CompletableFuture<>();
    private static final java.util.concurrent.atomic.AtomicBoolean STARTED = new java.util.concurrent.atomic.AtomicBoolean();

    public static void preload() {
        if (STARTED.compareAndSet(false, true)) {
            Thread t = new Thread(() -> {
                parseBuiltin();
                // the detector's own patterns (a few dozen regexes, compiled when its classes load): off the
                // main thread too, while it reads the configuration and walks the tree
                for (String c : List.of("Classifier", "AssignmentLexer", "ValueHeuristics", "FileScan")) {
                    try {
                        Class.forName("dev.zerofail.scan." + c, true, RuleSet.class.getClassLoader());
                    } catch (ClassNotFoundException e) {
                        throw new IllegalStateException(e);
                    }
                }
            }, "zerofail-rules");
            t.setDaemon(true);
            t.start();
        }
    }

    private static void parseBuiltin() {
        try {
            RuleSet compiled = CompiledRules.load();
            BUILTIN.complete(compiled != null ? compiled : parseYaml());
        } catch (RuntimeException | Error e) {
            BUILTIN.completeExceptionally(e);
        }
    }

    /** The built-in rules from rules.yaml itself: the build's input to {@link CompiledRules}, and its fallback. */
    static RuleSet parseYaml() {
        ConfigNode root = ConfigNode.parse("rules.yaml (built-in)", readBuiltin());
        ConfigNode keys = root.get("secretKeys").orElseThrow();
        SecretKeys sk = new SecretKeys(lower(keys.get("words").orElseThrow().strings()),
                lower(keys.get("pairs").orElseThrow().strings()),
                lower(keys.get("notSecretSuffixes").orElseThrow().strings()),
                lower(keys.get("secretDespiteSuffix").orElseThrow().strings()));
        ConfigNode ex = keys.get("examples").orElseThrow();
        List<Rule> rules = new ArrayList<>();
        for (ConfigNode n : root.get("rules").orElseThrow().items()) {
            rules.add(parseRule(n));
        }
        Vocabulary vocab = Vocabulary.parse(root.get("wordLists").orElseThrow());
        return new RuleSet(rules, sk, ex.get("match").orElseThrow().strings(), ex.get("nomatch").orElseThrow().strings(),
                vocab);
    }

    /**
     * A user's rule is held to the same standard as a built-in one: its examples must behave.
     * Messages name the example by position only, since an example may be a real-looking secret.
     */
    private static void checkExamples(RuleSet set, Map<Rule, ConfigNode> userRules) {
        if (userRules.values().stream().noneMatch(n -> n.get("examples").isPresent())) {
            return;
        }
        Detector detector = new Detector(set);
        for (Map.Entry<Rule, ConfigNode> e : userRules.entrySet()) {
            Rule r = e.getKey();
            if (set.find(r.id()) != r) {
                continue;
            }
            int i = 0;
            for (Rule.Example ex : r.matchExamples()) {
                i++;
                if (detector.detect(ex.file(), ex.text()).stream().noneMatch(f -> f.rule().equals(r.id()))) {
                    throw e.getValue().get("examples").get().error("match example #" + i + " of rule '" + r.id()
                            + "' produces no finding of that rule", "fix the regex or the example");
                }
            }
            i = 0;
            for (Rule.Example ex : r.noMatchExamples()) {
                i++;
                if (detector.detect(ex.file(), ex.text()).stream().anyMatch(f -> f.rule().equals(r.id()))) {
                    throw e.getValue().get("examples").get().error("nomatch example #" + i + " of rule '" + r.id()
                            + "' produces a finding of that rule", "tighten the regex or fix the example");
                }
            }
        }
    }

    private static String readBuiltin() {
        try (InputStream in = RuleSet.class.getResourceAsStream(BUILTIN_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + BUILTIN_RESOURCE);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Set<String> lower(Collection<String> in) {
        Set<String> out = new HashSet<>();
        for (String s : in) {
            out.add(s.toLowerCase(Locale.ROOT));
        }
        return out;
    }

    static Rule parseRule(ConfigNode n) {
        n.requireKeys(RULE_KEYS);
        String id = n.get("id").orElseThrow(() -> n.error("rule without id", "give every rule a unique id")).string();
        if (!id.matches("[a-z0-9][a-z0-9._-]*")) {
            throw n.get("id").get().error("rule id '" + id + "' must be lower-case letters, digits, '.', '_' or '-'",
                    "rename the rule");
        }
        String kind = n.get("kind").map(ConfigNode::string).orElse(Rule.SECRET);
        if (!kind.equals(Rule.SECRET) && !kind.equals(Rule.PLACEHOLDER)) {
            throw n.get("kind").get().error("kind must be 'secret' or 'placeholder', got '" + kind + "'",
                    "set kind: secret or kind: placeholder");
        }
        Severity severity = n.get("severity").map(s -> Severity.parse(s.string(), s.where()))
                .orElse(kind.equals(Rule.SECRET) ? Severity.CRITICAL : Severity.HIGH);
        Pattern regex = n.get("regex").map(RuleSet::compile).orElse(null);
        Pattern value = n.get("value").map(RuleSet::compile).orElse(null);
        String builtin = n.get("builtin").map(ConfigNode::string).orElse(null);
        if (builtin != null && !BUILTINS.contains(builtin)) {
            throw n.get("builtin").get().error("unknown builtin '" + builtin + "'", "use one of " + BUILTINS);
        }
        if (regex == null && value == null && builtin == null) {
            throw n.error("rule '" + id + "' has neither regex nor value", "add a regex (line rule) or a value rule");
        }
        List<String> keywords = new ArrayList<>();
        for (String k : n.get("keywords").map(ConfigNode::strings).orElse(List.of())) {
            keywords.add(k.toLowerCase(Locale.ROOT));
        }
        if (regex != null && keywords.isEmpty()) {
            throw n.error("line rule '" + id + "' needs keywords",
                    "list one or more literals that every match contains (they make scanning fast)");
        }
        int group = n.get("group").map(g -> (int) g.longValue()).orElse(0);
        if (regex != null && group > regex.matcher("").groupCount()) {
            throw n.get("group").get().error("group " + group + " does not exist in the regex", "fix the group number");
        }
        List<Rule.Example> match = new ArrayList<>();
        List<Rule.Example> noMatch = new ArrayList<>();
        n.get("examples").ifPresent(ex -> {
            ex.requireKeys(EXAMPLE_KEYS);
            ex.get("match").ifPresent(m -> m.items().forEach(i -> match.add(example(i))));
            ex.get("nomatch").ifPresent(m -> m.items().forEach(i -> noMatch.add(example(i))));
        });
        return new Rule(id, kind, severity, n.get("description").map(ConfigNode::string).orElse(id),
                n.get("fix").map(ConfigNode::string).orElse(null), keywords, regex, group, value, builtin,
                n.get("minEntropy").map(e -> Double.parseDouble(e.string())).orElse(0.0),
                n.get("minLength").map(e -> (int) e.longValue()).orElse(0), match, noMatch);
    }

    static Rule.Example example(ConfigNode n) {
        if (n.isScalar()) {
            return new Rule.Example("example.txt", n.string());
        }
        return new Rule.Example(n.get("file").map(ConfigNode::string).orElse("example.txt"),
                n.get("text").orElseThrow(() -> n.error("example without text", "add text:")).string());
    }

    private static Pattern compile(ConfigNode n) {
        try {
            return Pattern.compile(n.string());
        } catch (PatternSyntaxException e) {
            throw n.error("invalid regex: " + e.getDescription() + " at index " + e.getIndex(), "fix the regex");
        }
    }

    public List<Rule> rules() {
        return rules;
    }

    public SecretKeys secretKeys() {
        return secretKeys;
    }

    public List<String> secretKeyMatchExamples() {
        return secretKeyMatchExamples;
    }

    public List<String> secretKeyNoMatchExamples() {
        return secretKeyNoMatchExamples;
    }

    /** The detector's word lists (rules.yaml {@code wordLists}). */
    Vocabulary vocabulary() {
        return vocabulary;
    }

    /** Notes about rules that could not be loaded as given (imported gitleaks rules Java cannot run). */
    public List<String> warnings() {
        return List.copyOf(warnings);
    }

    public Rule find(String id) {
        return rules.stream().filter(r -> r.id().equals(id)).findFirst().orElse(null);
    }
}
