package dev.zerofail.runs.cause;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Decides a failed job's {@link Cause} from its conclusion, failed steps and log lines, by the rules
 * of causes.yaml. A cause needs evidence: when no rule applies the answer is {@link Cause#UNKNOWN},
 * never a guess. Thread-safe; build it once.
 */
public final class CauseClassifier {
    public static final int MAX_EVIDENCE = 200;
    /**
     * Characters of a log line the rules look at. Real messages fit; a minified bundle or a base64 blob
     * printed on one line would otherwise cost the {@code .*} patterns time quadratic in its length.
     */
    public static final int MAX_LINE = 4096;
    /** Step conclusions that mean the step went wrong (a skipped step after a failure is not one). */
    private static final Set<String> BAD_STEP = Set.of("failure", "timed_out", "cancelled");
    private static volatile CauseClassifier builtIn;

    private final List<CauseRule> rules;
    private final KeywordMatcher keywords;

    CauseClassifier(List<CauseRule> rules) {
        this.rules = List.copyOf(rules);
        this.keywords = new KeywordMatcher(this.rules.stream().map(CauseRule::keywords).toList());
    }

    /** The rules shipped in the jar ({@code dev/zerofail/runs/causes.yaml}). */
    public static CauseClassifier builtIn() {
        CauseClassifier c = builtIn;
        if (c == null) {
            synchronized (CauseClassifier.class) {
                if (builtIn == null) {
                    builtIn = new CauseClassifier(CauseRules.parse("causes.yaml (built-in)", CauseRules.readBuiltin()));
                }
                c = builtIn;
            }
        }
        return c;
    }

    List<CauseRule> rules() {
        return rules;
    }

    public Classification classify(FailedJob job) {
        int n = rules.size();
        String conclusion = job.conclusion() == null ? "" : job.conclusion().toLowerCase(Locale.ROOT);
        String failedStep = null;
        boolean[] eligible = new boolean[n];
        String[] evidence = new String[n];
        int best = -1;
        for (int r = 0; r < n; r++) {
            CauseRule rule = rules.get(r);
            if (!rule.conclusions().isEmpty() && !rule.conclusions().contains(conclusion)) {
                continue;
            }
            if (rule.job() != null && (job.jobName() == null || !rule.job().matcher(job.jobName()).find())) {
                continue;
            }
            String step = null;
            if (rule.step() != null) {
                step = failedStepMatching(job, rule.step());
                if (step == null) {
                    continue;
                }
            }
            eligible[r] = true;
            if (!rule.needsLog()) {
                evidence[r] = step != null ? "step: " + step : "conclusion: " + conclusion;
            }
        }
        // Each rule's patterns run on a line only when the line holds one of the rule's keywords, and not at
        // all once a rule that cannot be vetoed (no unless) has won with a higher precedence.
        int[] lastLine = new int[n];
        Arrays.fill(lastLine, -1);
        int[] floor = {Integer.MIN_VALUE};
        for (int r = 0; r < n; r++) {
            if (evidence[r] != null && rules.get(r).unless().isEmpty()) {
                floor[0] = Math.max(floor[0], rules.get(r).precedence());
            }
        }
        List<String> lines = job.logLines();
        for (int i = 0; i < lines.size(); i++) {
            String raw = lines.get(i);
            if (raw == null) {
                continue;
            }
            String line = body(raw);
            final int li = i;
            keywords.find(line, r -> {
                CauseRule rule = rules.get(r);
                if (!eligible[r] || evidence[r] != null || lastLine[r] == li || rule.precedence() < floor[0]) {
                    return;
                }
                lastLine[r] = li;
                for (Pattern p : rule.log()) {
                    if (p.matcher(line).find()) {
                        evidence[r] = line;
                        if (rule.unless().isEmpty()) {
                            floor[0] = Math.max(floor[0], rule.precedence());
                        }
                        return;
                    }
                }
            });
        }
        for (int r = 0; r < n; r++) {
            if (evidence[r] == null || (best >= 0 && rules.get(r).precedence() <= rules.get(best).precedence())) {
                continue;
            }
            if (!rules.get(r).unless().isEmpty() && anyLineMatches(lines, rules.get(r).unless())) {
                continue;
            }
            best = r;
        }
        if (best < 0) {
            return Classification.unknown();
        }
        CauseRule rule = rules.get(best);
        return new Classification(rule.cause(), rule.id(), clip(evidence[best]), rule.effectiveFix());
    }

    private static String failedStepMatching(FailedJob job, Pattern p) {
        for (StepOutcome s : job.steps()) {
            if (s.name() != null && s.conclusion() != null && BAD_STEP.contains(s.conclusion().toLowerCase(Locale.ROOT))
                    && p.matcher(s.name()).find()) {
                return s.name();
            }
        }
        return null;
    }

    private static boolean anyLineMatches(List<String> lines, List<Pattern> patterns) {
        for (String line : lines) {
            if (line == null) {
                continue;
            }
            String body = body(line);
            for (Pattern p : patterns) {
                if (p.matcher(body).find()) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * The part of a log line the rules look at: without GitHub's own timestamp prefix
     * ({@code 2024-05-01T10:00:13.1234567Z }), so that a pattern anchored at {@code ^} reads the line as the
     * tool printed it, and at most {@link #MAX_LINE} characters.
     */
    static String body(String line) {
        int start = LogLine.timestampLength(line);
        int end = Math.min(line.length(), start + MAX_LINE);
        return start == 0 && end == line.length() ? line : line.substring(start, end);
    }

    private static String clip(String evidence) {
        String e = evidence.strip();
        return e.length() <= MAX_EVIDENCE ? e : e.substring(0, MAX_EVIDENCE - 1) + "…";
    }
}
