package dev.zerofail.runs.cause;

import dev.zerofail.core.ConfigKeys;
import dev.zerofail.core.ConfigNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** Reads causes.yaml: the rules, their conditions and their examples. */
final class CauseRules {
    static final String BUILTIN_RESOURCE = "/dev/zerofail/runs/causes.yaml";
    private static final ConfigKeys ROOT_KEYS = ConfigKeys.in("causes.yaml", "", "rules");
    private static final ConfigKeys RULE_KEYS = ConfigKeys.in("causes.yaml", "rules.RULE", "id", "cause", "precedence",
            "description", "fix", "conclusion", "job", "step", "log", "keywords", "unless", "examples");
    private static final ConfigKeys EXAMPLES_KEYS = ConfigKeys.in("causes.yaml", "rules.RULE.examples", "match",
            "nomatch");
    private static final ConfigKeys EXAMPLE_KEYS = ConfigKeys.in("causes.yaml", "rules.RULE.examples.EXAMPLE",
            "workflow", "job", "conclusion", "step", "log");
    /** Conclusions that are evidence on their own; any other rule needs a log line or a step name. */
    private static final Set<String> TELLING_CONCLUSIONS = Set.of("cancelled", "timed_out", "startup_failure");

    private CauseRules() {
    }

    static String readBuiltin() {
        try (InputStream in = CauseRules.class.getResourceAsStream(BUILTIN_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(BUILTIN_RESOURCE + " missing from the jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<CauseRule> parse(String fileName, String text) {
        ConfigNode root = ConfigNode.parse(fileName, text);
        root.requireKeys(ROOT_KEYS);
        List<CauseRule> rules = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (ConfigNode n : root.get("rules").orElseThrow(() -> root.error("no rules", "add a rules: list")).items()) {
            CauseRule r = parseRule(n);
            if (!ids.add(r.id())) {
                throw n.error("duplicate rule id '" + r.id() + "'", "give each rule its own id");
            }
            rules.add(r);
        }
        return List.copyOf(rules);
    }

    private static CauseRule parseRule(ConfigNode n) {
        n.requireKeys(RULE_KEYS);
        String id = required(n, "id").string();
        ConfigNode causeNode = required(n, "cause");
        Cause cause;
        try {
            cause = Cause.valueOf(causeNode.string().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw causeNode.error("unknown cause '" + causeNode.string() + "'", "use one of " + causeNames());
        }
        if (cause == Cause.UNKNOWN) {
            throw causeNode.error("a rule cannot conclude unknown", "remove the rule; unknown is what no rule matching means");
        }
        int precedence = n.get("precedence").map(p -> (int) p.longValue()).orElse(50);
        String fix = n.get("fix").map(ConfigNode::string).orElse(null);
        Set<String> conclusions = new HashSet<>(n.get("conclusion").map(ConfigNode::strings).orElse(List.of()));
        Pattern job = n.get("job").map(CauseRules::compile).orElse(null);
        Pattern step = n.get("step").map(CauseRules::compile).orElse(null);
        List<Pattern> log = n.get("log").map(CauseRules::compileAll).orElse(List.of());
        List<String> keywords = n.get("keywords").map(ConfigNode::strings).orElse(List.of());
        List<Pattern> unless = n.get("unless").map(CauseRules::compileAll).orElse(List.of());
        if (!log.isEmpty() && keywords.isEmpty()) {
            throw n.error("rule '" + id + "' has log patterns but no keywords",
                    "add keywords: lower-case words every matching line contains (the fast prefilter)");
        }
        for (String k : keywords) {
            if (k.isBlank() || !k.chars().allMatch(ch -> ch < 128)) {
                throw n.error("rule '" + id + "' keyword '" + k + "' is empty or not ASCII", "use plain ASCII words");
            }
        }
        boolean telling = !conclusions.isEmpty() && TELLING_CONCLUSIONS.containsAll(conclusions);
        if (log.isEmpty() && step == null && !telling) {
            throw n.error("rule '" + id + "' has no evidence",
                    "match a log line (log:), a failed step's name (step:) or a conclusion among " + TELLING_CONCLUSIONS);
        }
        List<FailedJob> match = new ArrayList<>();
        List<FailedJob> noMatch = new ArrayList<>();
        n.get("examples").ifPresent(ex -> {
            ex.requireKeys(EXAMPLES_KEYS);
            ex.get("match").ifPresent(m -> m.items().forEach(e -> match.add(example(e))));
            ex.get("nomatch").ifPresent(m -> m.items().forEach(e -> noMatch.add(example(e))));
        });
        return new CauseRule(id, cause, precedence, fix, conclusions, job, step, log, keywords, unless, match, noMatch);
    }

    /** An example: one log line, or {workflow, job, conclusion, step (the failed step), log (text)}. */
    private static FailedJob example(ConfigNode e) {
        if (e.isScalar()) {
            return new FailedJob("ci", "build", "failure", List.of(), e.string().lines().toList());
        }
        e.requireKeys(EXAMPLE_KEYS);
        String step = e.get("step").map(ConfigNode::string).orElse(null);
        String conclusion = e.get("conclusion").map(ConfigNode::string).orElse("failure");
        List<StepOutcome> steps = step == null ? List.of() : List.of(new StepOutcome(step, "failure"));
        List<String> log = e.get("log").map(l -> l.isScalar() ? l.string().lines().toList() : l.strings()).orElse(List.of());
        return new FailedJob(e.get("workflow").map(ConfigNode::string).orElse("ci"),
                e.get("job").map(ConfigNode::string).orElse("build"), conclusion, steps, log);
    }

    private static ConfigNode required(ConfigNode n, String key) {
        return n.get(key).orElseThrow(() -> n.error("missing '" + key + "'", "every rule needs " + key));
    }

    private static List<Pattern> compileAll(ConfigNode n) {
        List<Pattern> out = new ArrayList<>();
        for (ConfigNode item : n.isScalar() ? List.of(n) : n.items()) {
            out.add(compile(item));
        }
        return out;
    }

    private static Pattern compile(ConfigNode n) {
        try {
            return Pattern.compile(n.string(), Pattern.CASE_INSENSITIVE);
        } catch (PatternSyntaxException e) {
            throw n.error("invalid regex: " + e.getDescription(), "fix the pattern (Java regex syntax)");
        }
    }

    private static List<String> causeNames() {
        return java.util.Arrays.stream(Cause.values()).filter(c -> c != Cause.UNKNOWN)
                .map(c -> c.name().toLowerCase(Locale.ROOT)).toList();
    }
}
