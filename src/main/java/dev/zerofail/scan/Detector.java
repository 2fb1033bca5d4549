package dev.zerofail.scan;

import static dev.zerofail.scan.ValueHeuristics.entropy;

import dev.zerofail.core.Finding;
import dev.zerofail.core.Location;
import dev.zerofail.core.Masking;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Finds placeholder and hard-coded secrets in one file's bytes. Thread-safe: per-file state lives in
 * {@link FileScan}. The pipeline, one class each: the {@link KeywordIndex} finds keywords in the raw
 * bytes; the {@link Segmenter} turns hits into candidate lines (most lines of most files have none and
 * are never decoded); the {@link AssignmentLexer} reads assignments on a candidate line; the
 * {@link Classifier} judges them with the rules and the {@link ValueHeuristics}. Word lists are data
 * ({@link Vocabulary}, from rules.yaml).
 */
public final class Detector {
    private static final String URL_KEYWORD = "://";

    private final RuleSet rules;
    private final KeywordIndex index;
    private final AssignmentLexer lexer;
    private final Classifier classifier;
    final int[][] lineRulesByKeyword;
    final boolean[] assignKeyword;
    final boolean[] urlKeyword;
    final String[] keywordText;
    /** Keywords that only matter as part of an assignment's key (see Segmenter#assignLike). */
    final boolean[] needsSeparator;
    final List<Rule> lineRules = new ArrayList<>();
    /** A committed key file (a MongoDB replica-set keyfile, Rails master.key): judged by name and content. */
    private final Rule keyFileRule;

    public Detector(RuleSet rules) {
        this.rules = rules;
        List<Rule> valueRules = new ArrayList<>();
        Rule empty = null, urlP = null, urlS = null, entropy = null, weak = null, keyFile = null;
        for (Rule r : rules.rules()) {
            if (r.isBuiltin("weak-default")) {
                weak = r;
            } else if (r.isBuiltin("key-file")) {
                keyFile = r;
            } else if (r.isLineRule()) {
                lineRules.add(r);
            } else if (r.isValueRule()) {
                valueRules.add(r);
            } else if (r.isBuiltin("empty-value")) {
                empty = r;
            } else if (r.isBuiltin("url-placeholder-password")) {
                urlP = r;
            } else if (r.isBuiltin("url-real-password")) {
                urlS = r;
            } else if (r.isBuiltin("entropy")) {
                entropy = r;
            }
        }
        keyFileRule = keyFile;
        Rule marker = rules.find("placeholder-marker");
        Rule markerRule = marker != null && marker.kind().equals(Rule.PLACEHOLDER) ? marker : null;

        Vocabulary vocab = rules.vocabulary();
        Set<String> assignWords = new LinkedHashSet<>(vocab.assignWords());
        assignWords.addAll(vocab.keywordStems());
        List<String> keywords = new ArrayList<>();
        List<List<Integer>> ruleIdx = new ArrayList<>();
        for (int i = 0; i < lineRules.size(); i++) {
            for (String k : lineRules.get(i).keywords()) {
                int at = keywords.indexOf(k);
                if (at < 0) {
                    keywords.add(k);
                    ruleIdx.add(new ArrayList<>());
                    at = keywords.size() - 1;
                }
                ruleIdx.get(at).add(i);
            }
        }
        for (String k : assignWords) {
            if (!keywords.contains(k)) {
                keywords.add(k);
                ruleIdx.add(new ArrayList<>());
            }
        }
        if (!keywords.contains(URL_KEYWORD)) {
            keywords.add(URL_KEYWORD);
            ruleIdx.add(new ArrayList<>());
        }
        index = new KeywordIndex(keywords);
        lineRulesByKeyword = new int[keywords.size()][];
        assignKeyword = new boolean[keywords.size()];
        urlKeyword = new boolean[keywords.size()];
        keywordText = keywords.toArray(new String[0]);
        needsSeparator = new boolean[keywords.size()];
        for (int k = 0; k < keywords.size(); k++) {
            lineRulesByKeyword[k] = ruleIdx.get(k).stream().mapToInt(Integer::intValue).toArray();
            String kw = keywords.get(k);
            assignKeyword[k] = assignWords.stream().anyMatch(kw::contains);
            urlKeyword[k] = kw.equals(URL_KEYWORD);
            needsSeparator[k] = lineRulesByKeyword[k].length == 0 && !urlKeyword[k] && !kw.endsWith(":");
        }
        lexer = new AssignmentLexer(keywordText, vocab);
        classifier = new Classifier(rules, lexer, valueRules, empty, urlP, urlS, entropy, markerRule, weak);
    }

    /** The keyword automaton (for the JMH benchmark of the hot path). */
    KeywordIndex keywordIndex() {
        return index;
    }

    public RuleSet rules() {
        return rules;
    }

    /** Result for one file: its findings and whether some analysed line was not valid UTF-8. */
    public record FileResult(List<Finding> findings, boolean nonUtf8) {
    }

    public FileResult detect(String relPath, byte[] buf, int len) {
        FileScan fs = new FileScan(relPath, buf, len, keywordText.length);
        Segmenter seg = new Segmenter(this, classifier, fs);
        index.search(buf, 0, len, seg);
        seg.flush();
        if (keyFileRule != null && len <= MAX_KEY_FILE) {
            Finding f = keyFile(relPath, buf, len);
            if (f != null) {
                fs.findings.add(0, f);
            }
        }
        return new FileResult(List.copyOf(fs.findings), fs.nonUtf8);
    }

    private static final int MAX_KEY_FILE = 8192;
    /** mongodb-keyfile, mongo.keyfile, replica-set.key, config/master.key, credentials/production.key. */
    private static final Pattern KEY_FILE_NAME = Pattern.compile("(?i)[\\w.-]*key[-_.]?file[\\w.-]*|[\\w.-]+\\.key");
    private static final Pattern KEY_FILE_BODY = Pattern.compile("[A-Za-z0-9+/][A-Za-z0-9+/=_-]{15,}");

    /**
     * A key file holds nothing but the key: base64 or hex, on one line or wrapped (a MongoDB replica-set
     * keyfile, a Rails master.key). The keyword pass never sees it, so it is judged by name and content.
     */
    private Finding keyFile(String relPath, byte[] buf, int len) {
        String name = relPath.substring(relPath.lastIndexOf('/') + 1);
        if (!name.regionMatches(true, name.length() - 4, ".key", 0, 4) && !AssignmentLexer.asciiLower(name).contains("keyfile")
                && !AssignmentLexer.asciiLower(name).contains("key-file") && !AssignmentLexer.asciiLower(name).contains("key_file")) {
            return null;
        }
        if (!KEY_FILE_NAME.matcher(name).matches() || FileKind.of(relPath) == FileKind.DOCS) {
            return null;
        }
        StringBuilder body = new StringBuilder();
        for (int i = 0; i < len; i++) {
            byte b = buf[i];
            if (b == '\n' || b == '\r' || b == ' ' || b == '\t') {
                continue;
            }
            if (b < 0) {
                return null;
            }
            body.append((char) b);
        }
        String v = body.toString();
        if (!KEY_FILE_BODY.matcher(v).matches() || rules.vocabulary().looksFake(v) || entropy(v) < 3.0) {
            return null;
        }
        int col = 1;
        while (col <= len && (buf[col - 1] == ' ' || buf[col - 1] == '\t')) {
            col++;
        }
        int line = 1;
        for (int i = 0; i < len && (buf[i] == '\n' || buf[i] == '\r'); i++) {
            line += buf[i] == '\n' ? 1 : 0;
        }
        Rule r = keyFileRule;
        return new Finding(r.id(), r.kind(), r.severity(), new Location(relPath, line, line == 1 ? col : 1), name,
                name + ": " + r.description(), Masking.mask(v), Masking.fingerprint(relPath, r.id(), name, v), null,
                r.fix());
    }

    public List<Finding> detect(String relPath, String text) {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        return detect(relPath, b, b.length).findings();
    }
}
