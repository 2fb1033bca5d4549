package dev.zerofail.scan;

import static dev.zerofail.scan.AssignmentLexer.keyChar;
import static dev.zerofail.scan.AssignmentLexer.endsWithIgnoreCase;
import static dev.zerofail.scan.AssignmentLexer.words;
import static dev.zerofail.scan.ValueHeuristics.decodeBase64;
import static dev.zerofail.scan.ValueHeuristics.entropy;
import static dev.zerofail.scan.ValueHeuristics.isReference;
import static dev.zerofail.scan.ValueHeuristics.looksLikeSecret;
import static dev.zerofail.scan.ValueHeuristics.namesItself;
import static dev.zerofail.scan.ValueHeuristics.unquote;

import dev.zerofail.core.Finding;
import dev.zerofail.core.Location;
import dev.zerofail.core.Masking;
import dev.zerofail.core.Severity;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Judges one candidate line: runs the line rules its keywords triggered, classifies the assignments the
 * {@link AssignmentLexer} reads (value rules, weak defaults, empty values, entropy), the defaults and
 * fallbacks of environment and config reads, and credentials in URLs; then keeps the most specific of
 * overlapping candidates and makes findings. Stateless: per-file state is in {@link FileScan}.
 */
final class Classifier {
    /**
     * A getter called with a key and a default: {@code os.getenv("X", "d")}, {@code config.get("db_password", "d")},
     * {@code get_setting(...)}, {@code configService.get<string>(...)}, {@code viper.SetDefault("auth.secret", "d")},
     * {@code add_argument("--token", default="d")}. Group 1 is the callee, 3 the key, 5 the default.
     */
    private static final Pattern CALL_DEFAULT = Pattern.compile(
            "([A-Za-z_][\\w.]*)\\s*(?:<[^<>()]{0,40}>)?\\(\\s*(?:&[\\w.]+\\s*,\\s*)?([\"'])(-{0,2}[A-Za-z_][\\w.:-]{0,80})\\2\\s*,\\s*"
            + "(?:(?:[A-Za-z_]\\w*\\s*=\\s*(?:\"[^\"]{0,80}\"|'[^']{0,80}'|[\\w.]{1,80})\\s*,\\s*){0,4}default\\s*[=:]\\s*)?"
            + "[bf]?([\"'`])((?:(?!\\4).){0,300})\\4");
    /** Callees that read configuration (the last segment of the called name, whole). */
    private static final Pattern GETTER = Pattern.compile(
            "(?:[gG]et|[fF]etch|[lL]ookup|[lL]oad|[eE]nv|ENV|[cC]onfig|[sS]etting|[oO]ption|[pP]aram|[pP]rop|[dD]efault"
            + "|[sS]et_?[dD]efault|[rR]equire)\\w*"
            + "|\\w*(?:[eE]nv|ENV|[sS]ettings?|[cC]onfig|[cC]onf|[dD]efault|[pP]roperty|[oO]ption|[aA]rgument|[pP]aram|Or|_or)"
            + "|StringVarP?|StringP?");
    /**
     * A key read from the environment or a config, then a fallback operator and a literal:
     * {@code process.env.X || "d"}, {@code os.environ.get("X") or "d"}, {@code ENV["X"] || "d"},
     * {@code getenv("X") ?: "d"}, {@code ...("X")).orElse("d")}, {@code env::var("X").unwrap_or("d")},
     * {@code ENV.fetch("X") { "d" }}. Group 2 or 3 is the key, 5 the fallback.
     */
    private static final Pattern FALLBACK = Pattern.compile(
            "(?:([\"'])([A-Za-z_][\\w.:-]{0,80})\\1\\s*[)\\]]+|(?:process\\.env|import\\.meta\\.env|\\bENV|\\benv)\\.([A-Za-z_]\\w*))"
            + "\\s*(?:\\|\\||\\?\\?|\\?:|\\bor\\b|(,)|\\.(?:orElse|unwrap_or|unwrapOr|getOrElse|getOrDefault|or|default)\\(\\s*"
            + "(?:\\|_\\|\\s*)?|\\{\\s*)\\s*(?:[A-Za-z_][\\w.]*\\(\\s*)?[bf]?([\"'`])((?:(?!\\5).){0,300})\\5");
    /** Calls whose second argument is the fallback of the first: requireNonNullElse(getenv("X"), "d"), cmp.Or(...). */
    private static final Pattern OR_CALL = Pattern.compile(
            "requireNonNullElse|firstNonNull|defaultIfBlank|defaultIfEmpty|defaultString|cmp\\.Or|coalesce|Objects\\.toString");
    /** Go struct tags: `env:"DB_PASSWORD" envDefault:"postgres"`, `envconfig:"API_KEY" default:"dummy"`. */
    private static final Pattern TAG_DEFAULT = Pattern.compile(
            "\\b(?:env|envconfig|mapstructure|koanf|yaml|json)\\s*:\\s*\"([A-Za-z_][\\w.-]*)[^\"]*\"[^`]*?\\b(?:envDefault|default)\\s*:\\s*\"([^\"]*)\"");
    /** Stored password hashes ({@code pbkdf2_sha256$...}, {@code {SSHA}...}): not credentials. */
    private static final Pattern HASH_VALUE = Pattern.compile(
            "(?i)^(?:pbkdf2\\w*|bcrypt\\w*|argon2\\w*|scrypt|sha(?:1|224|256|384|512)(?:_crypt)?|md5(?:_crypt)?|crypt)[$:]"
            + "|^\\{(?:SSHA|SHA|SMD5|MD5|CRYPT|BCRYPT|SSHA256|SSHA512|PBKDF2[\\w-]*)}");
    /** A hex digest (MD5, SHA-1, SHA-256, SHA-512): in test data under a password key it is a hash. */
    private static final Pattern HEX_DIGEST = Pattern.compile("[0-9a-fA-F]{32}|[0-9a-fA-F]{40}|[0-9a-fA-F]{64}|[0-9a-fA-F]{128}");
    private static final Pattern SECRET_NOUN_END = Pattern.compile("(?i)(?:key|token|secret|password|pass|pwd)$");
    private static final Pattern BASE64 = Pattern.compile("[A-Za-z0-9+/]{4,200}={0,2}");
    private static final Pattern CONNECTING_CALL = Pattern.compile(
            "(?i)\\w*(?:connect|client|engine|redis|pool|mongo|mysql|postgres|psycopg|database|smtp|ldap|ftp|ssh|session"
            + "|login|auth|credentials?|config|settings)\\w*");
    /** GitHub Actions expressions with a literal fallback: ${{ secrets.X || 'dummy' }}. */
    private static final Pattern GH_FALLBACK = Pattern.compile("\\|\\|\\s*(['\"])([^'\"]*)\\1\\s*}}");
    /** Reads of a request's input (headers, form, query, body, cookies): not configuration defaults. */
    private static final Pattern REQUEST_READ = Pattern.compile(
            "(?i)request|\\breq\\.|headers|\\.form\\b|\\.args\\b|params|query|cookies|\\.body\\b|\\.json\\b|\\.data\\b");
    /** Command-line flag definitions: an empty default there means "not given". */
    private static final Pattern FLAG_CALL = Pattern.compile("(?i)flag|option|argument|StringVar|StringP");
    private static final Pattern PUBLIC_ENV = Pattern.compile("NEXT_PUBLIC_|VITE_|REACT_APP_|PUBLIC_|EXPO_PUBLIC_");
    private static final Pattern ENV_NAME_OR_WORD = Pattern.compile("[A-Z][A-Z0-9_]*");
    private static final Pattern ENV_NAME = Pattern.compile("[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+");
    /** A weak default must be a plain word: a user, database or service name ("postgres", "myapp", "minio123"). */
    private static final Pattern PLAIN_WORD = Pattern.compile("[a-z][a-z0-9_-]{1,31}");
    /** A name the file uses elsewhere (a user, database or service): one lower-case word, maybe with _ and digits. */
    private static final Pattern NAME_WORD = Pattern.compile("[a-z][a-z0-9_]{2,31}");
    private static final Pattern ECHO_FALLBACK = Pattern.compile("\\|\\|\\s*echo\\s+([\"']?)([^\"'\\s);|`]+)\\1");
    private static final Pattern URL_CREDENTIALS = Pattern.compile(
            "([a-zA-Z][a-zA-Z0-9+.-]{1,20})://([^\\s:/@'\"`<>]{0,100}):([^\\s@'\"`]{0,200})@(?=[^\\s'\"`@]{0,200}[A-Za-z0-9\\]])");
    /** sentry://PROJECT_ID:SENTRY_API_KEY@HOST: the name of what goes there, in capitals with underscores. */
    private static final Pattern PLACEHOLDER_NAME = Pattern.compile("[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+");
    private static final Pattern AUTH_SCHEME = Pattern.compile("(?i)(?:bearer|basic|token|bot)\\s+");
    private static final Pattern NUMBER_OR_BOOL = Pattern.compile(
            "(?i)^(?:true|false|yes|no|on|off|null|nil|none|undefined|-?\\d+(?:\\.\\d+)?(?:ms|s|m|h|d|kb|mb|gb)?)$");
    /** A UI label ("Password", "API key", "Access token") in an i18n file or a form definition. */
    private static final Pattern UI_LABEL = Pattern.compile(
            "\\p{Lu}\\p{Ll}+|(?:\\p{Lu}\\p{Ll}+|\\p{Lu}{2,5})(?: \\p{L}\\p{Ll}*)+[.:?!…]?");
    private static final Pattern FIELD_NAME = Pattern.compile(
            "(?i)password|passwd|pwd|secret|token|api[-_]?key|key|username|user|private[-_]?key|cert|tls\\.(?:crt|key)");
    /** Jinja/Helm fallbacks: {{ vault_token | default('changeme') }}. */
    private static final Pattern TEMPLATE_DEFAULT = Pattern.compile("\\|\\s*default[(\\s]\\s*([\"'])([^\"']*)\\1");
    /** Placeholder values are short; a longer value is data, and regexes over it cost more than they find. */
    private static final int MAX_VALUE_FOR_RULES = 256;

    private final RuleSet rules;
    private final Vocabulary vocab;
    private final AssignmentLexer lexer;
    private final List<Rule> valueRules;
    /** Per value rule: {@link Rule#anchored()}, worked out once. */
    private final boolean[] valueAnchored;
    private final Rule emptyRule;
    private final Rule urlPlaceholderRule;
    private final Rule urlSecretRule;
    private final Rule entropyRule;
    /** Reports sentinels ({@code || echo 'loading_failed'}): any literal there stands in for the secret. */
    private final Rule markerRule;
    /** Weak default credentials (POSTGRES_PASSWORD: postgres); see {@link #weakDefault}. */
    private final Rule weakRule;

    Classifier(RuleSet rules, AssignmentLexer lexer, List<Rule> valueRules, Rule emptyRule, Rule urlPlaceholderRule,
            Rule urlSecretRule, Rule entropyRule, Rule markerRule, Rule weakRule) {
        this.rules = rules;
        this.vocab = rules.vocabulary();
        this.lexer = lexer;
        this.valueRules = List.copyOf(valueRules);
        this.valueAnchored = new boolean[valueRules.size()];
        for (int i = 0; i < valueAnchored.length; i++) {
            valueAnchored[i] = valueRules.get(i).anchored();
        }
        this.emptyRule = emptyRule;
        this.urlPlaceholderRule = urlPlaceholderRule;
        this.urlSecretRule = urlSecretRule;
        this.entropyRule = entropyRule;
        this.markerRule = markerRule;
        this.weakRule = weakRule;
    }

    void analyse(FileScan f, String line, List<Rule> triggered, List<String> assignKeywords, boolean url) {
        List<Candidate> found = new ArrayList<>();
        for (Rule rule : triggered) {
            lineRule(f, rule, line, found);
        }
        if (!assignKeywords.isEmpty()) {
            for (Assignment a : lexer.assignments(f, line, assignKeywords)) {
                if (rules.secretKeys().isSecretKey(a.key())) {
                    classify(f, a, line, found);
                }
            }
            defaults(f, line, found);
        }
        if (url) {
            urls(f, line, found);
        }
        if (found.isEmpty() || suppressed(f, line)) {
            return;
        }
        found.sort(Comparator.comparingInt(Candidate::priority).thenComparingInt(Candidate::start));
        List<Candidate> kept = new ArrayList<>();
        for (Candidate c : found) {
            boolean overlaps = kept.stream().anyMatch(k -> c.start() < k.end() && k.start() < c.end()
                    || (c.start() == c.end() && k.start() == c.start()));
            if (!overlaps) {
                kept.add(c);
            }
        }
        kept.sort(Comparator.comparingInt(Candidate::start));
        int lineNo = f.lineOf(f.segStart);
        int colBase = f.columnBase();
        boolean comment = f.commentLine(line);
        for (Candidate c : kept) {
            f.findings.add(finding(f, c, lineNo, colBase + c.start() + 1, comment));
        }
    }

    boolean suppressed(FileScan f, String line) {
        for (String m : vocab.sameLineAllow()) {
            if (line.contains(m)) {
                return true;
            }
        }
        if (f.segStart > 0) {
            int e = f.segStart - 1;
            int s = e;
            while (s > 0 && f.buf[s - 1] != '\n' && e - s < Segmenter.MAX_REACH) {
                s--;
            }
            String prev = new String(f.buf, s, e - s, StandardCharsets.ISO_8859_1);
            for (String m : vocab.nextLineAllow()) {
                if (prev.contains(m)) {
                    return true;
                }
            }
        }
        return false;
    }

    Finding finding(FileScan f, Candidate c, int lineNo, int column, boolean comment) {
        Rule r = c.rule();
        Severity sev = r.severity();
        if (r.kind().equals(Rule.PLACEHOLDER) && (f.kind.expectsStandIns() || comment) || r == weakRule && f.ci) {
            sev = Severity.LOW;
        }
        String what = r.description();
        if (c.readDefault()) {
            // os.getenv("SMTP_PASSWORD", "") mostly marks an optional setting (no proxy, no mail): worth
            // knowing, not a stand-in that ships; a high finding here drowned real ones on real code
            sev = Severity.LOW;
            what = "empty default where the secret is read: the program runs without it when it is not set";
        }
        String message = (c.key() != null ? c.key() + ": " : "") + what
                + (sev == Severity.LOW && r.kind().equals(Rule.PLACEHOLDER)
                        ? " (" + (comment && !f.kind.expectsStandIns() ? "comment" : f.kindLabel()) + ")" : "");
        return new Finding(r.id(), r.kind(), sev, new Location(f.path, lineNo, column), c.key(), message,
                Masking.mask(c.value()), Masking.fingerprint(f.path, r.id(), c.key(), c.value()), null, r.fix());
    }

    void classify(FileScan f, Assignment a, String line, List<Candidate> found) {
        if (!a.literal()) {
            return;
        }
        String v = a.value();
        int start = a.valueStart();
        Matcher scheme = AUTH_SCHEME.matcher(v);
        if (v.length() > 4 && v.indexOf(' ') > 0 && scheme.lookingAt()) {
            start += scheme.end();
            v = v.substring(scheme.end());
        }
        if (v.isEmpty()) {
            empty(f, a, line, found);
            return;
        }
        if (a.fString() || isReference(v)) {
            return;
        }
        if (f.code && (!a.typed() && namesItself(a.key(), v) || v.startsWith("{"))) {
            // SECRET = "secret" names a kind of thing; "{sec}" is interpolated by the program. A typed
            // field (password: str = "password") is a default, though.
            return;
        }
        if (!f.code && BASE64.matcher(v).matches() && v.length() % 4 == 0 && f.secretManifest()) {
            // a Kubernetes Secret's data: values are base64; "Y2hhbmdlbWU=" is "changeme"
            String decoded = decodeBase64(v);
            if (decoded != null) {
                int before = found.size();
                valueRulesOn(f, a.key(), decoded, start, found, 2, true);
                if (found.size() > before) {
                    return;
                }
            }
        }
        valueRulesOn(f, a.key(), v, start, found, 2, !f.code || a.typed());
    }


    /** Runs the placeholder value rules, then the entropy rule, on one literal value. */
    void valueRulesOn(FileScan f, String key, String v, int start, List<Candidate> found, int priority) {
        valueRulesOn(f, key, v, start, found, priority, true);
    }

    /**
     * @param deployedDefault the value is what runs when nothing else is set: a config value, or a
     *                        default in code ({@code getenv("X", "d")}), not a plain assignment in code
     */
    void valueRulesOn(FileScan f, String key, String v, int start, List<Candidate> found, int priority,
            boolean deployedDefault) {
        String t = v.strip();
        if (t.isEmpty() || f.translations || words(t) >= 5 || t.indexOf(' ') > 0 && UI_LABEL.matcher(t).matches()
                || Character.isUpperCase(t.charAt(0)) && UI_LABEL.matcher(t).matches()) {
            return;
        }
        boolean weakKey = rules.secretKeys().isWeakSecretKey(key);
        if (weakKey && ENV_NAME.matcher(t).matches()) {
            // "- key: SOME_TOKEN" names a variable (Render, Heroku app.json); its value comes on the next line
            return;
        }
        if (t.length() <= 16 && endsWithIgnoreCase(key, "key") && FIELD_NAME.matcher(t).matches()) {
            // "key: password", "userPasswordKey: password": the name of a field inside a secret object
            return;
        }
        if (t.length() > MAX_VALUE_FOR_RULES || HASH_VALUE.matcher(t).lookingAt()) {
            return;
        }
        if (f.kind == FileKind.TEST && (rules.secretKeys().isHashKey(key)
                || HEX_DIGEST.matcher(t).matches() && rules.secretKeys().isPasswordKey(key))) {
            // test datasets: password digests and salts stand for users' hashed passwords, not credentials
            return;
        }
        for (int i = 0; i < valueRules.size(); i++) {
            Rule r = valueRules.get(i);
            if (weakKey && r.id().equals("placeholder-dummy") && (t.indexOf('-') < 0 && t.indexOf(' ') < 0
                    || !SECRET_NOUN_END.matcher(t).find() || !ValueHeuristics.STAND_IN_WORD.matcher(t).find())) {
                // a bare "key:" with a word or an identifier ("default", "client_secret") is a lookup key or
                // a label;
                // "Key": "fake-jwt-signing-key" is a stand-in
                continue;
            }
            if (r.id().equals("placeholder-dummy") && weakDefault(f, key, t, deployedDefault)) {
                // "MYSQL_ROOT_PASSWORD: example" is a working default more than a dummy
                found.add(new Candidate(weakRule, start, start + v.length(), t, key, priority));
                return;
            }
            Matcher m = r.value().matcher(t);
            if (valueAnchored[i] ? m.lookingAt() : m.find()) {
                found.add(new Candidate(r, start, start + v.length(), t, key, priority));
                return;
            }
        }
        if (weakDefault(f, key, t, deployedDefault)) {
            found.add(new Candidate(weakRule, start, start + v.length(), t, key, priority));
            return;
        }
        if (entropyRule != null && !NUMBER_OR_BOOL.matcher(t).matches()
                && !weakKey && !vocab.publicValue(t) && looksLikeSecret(t, entropyRule, vocab)) {
            found.add(new Candidate(entropyRule, start, start + v.length(), t, key, 3));
        }
    }

    /**
     * A working but guessable credential: {@code POSTGRES_PASSWORD: postgres}, {@code ${DB_PASSWORD:-myapp}},
     * {@code S3_SECRET_KEY: minio}. Only for password-like keys, and only for a plain word that is a
     * well-known default (the rule's {@code value}) or a name the same file uses for something else (the
     * user, the database, the service). In code a plain assignment is not a default that ships, so there
     * only defaults count ({@code getenv("DB_PASSWORD", "myapp")}).
     */
    boolean weakDefault(FileScan f, String key, String t, boolean deployedDefault) {
        if (weakRule == null || !PLAIN_WORD.matcher(t).matches() || vocab.notCredential(t)) {
            return false;
        }
        if (t.length() >= 4 && SecretKeys.split(key).subList(0, Math.max(0, SecretKeys.split(key).size() - 1))
                .contains(t)) {
            // envOr("METRICS_TOKEN", "metrics"), BILLING_DB_PASSWORD=billing: the service's own name
            return true;
        }
        if (!rules.secretKeys().isPasswordKey(key)) {
            return false;
        }
        if (weakRule.value() != null && weakRule.value().matcher(t).matches()) {
            return true;
        }
        return (deployedDefault || !f.code) && NAME_WORD.matcher(t).matches() && f.wordCount(t, 2) >= 2;
    }

    void empty(FileScan f, Assignment a, String line, List<Candidate> found) {
        if (emptyRule == null || f.kind.expectsStandIns() || f.translations || f.helmValues || !a.literal()
                || a.nested()) {
            return;
        }
        String rest = line.substring(Math.min(line.length(), a.valueEnd() + (a.quoted() ? 1 : 0))).strip();
        boolean entryEnds = rest.isEmpty() || rest.startsWith(",") || rest.startsWith("}");
        if (f.code) {
            // In code an empty string is mostly an initial value (let password = ""). Only a quoted dict
            // entry ('password': '' in a connection dict) or a Python keyword argument
            // (connect(password="")) is the value the program runs with.
            boolean dictEntry = a.quotedKey() && a.quoted() && a.sep().equals(":") && entryEnds;
            boolean kwarg = a.quoted() && a.sep().equals("=") && !a.typed() && f.path.endsWith(".py")
                    && (rest.startsWith(",") || rest.startsWith(")")) && connectionArgument(f, line, a);
            if (dictEntry || kwarg) {
                found.add(new Candidate(emptyRule, a.valueStart(), a.valueStart(), "", a.key(), 2));
            }
            return;
        }
        boolean restBlank = rest.isEmpty() || rest.equals(",") || rest.equals("\\") || a.quotedKey() && entryEnds;
        if (!restBlank) {
            return;
        }
        boolean envStyle = a.sep().equals("=");
        boolean quotedConfigStyle = a.quoted() && a.sep().equals(":");
        if (envStyle || quotedConfigStyle) {
            found.add(new Candidate(emptyRule, a.valueStart(), a.valueStart(), "", a.key(), 2));
        }
    }

    /**
     * Whether the key of {@code a} is a keyword argument of a call that opens a connection or builds a
     * client ({@code psycopg2.connect(password="")}, {@code Redis(password="")}); not of a function
     * definition nor of an ORM filter ({@code exclude(webhook_key='')}).
     */
    private boolean connectionArgument(FileScan f, String line, Assignment a) {
        int k = line.lastIndexOf(a.key(), a.valueStart());
        int p = k - 1;
        while (p >= 0 && (line.charAt(p) == ' ' || line.charAt(p) == '\t')) {
            p--;
        }
        if (k <= 0 || p < 0 || line.charAt(p) != '(' && line.charAt(p) != ',' || line.strip().startsWith("def ")) {
            return false;
        }
        int depth = 0;
        for (int i = p; i >= 0; i--) {
            char c = line.charAt(i);
            if (c == ')') {
                depth++;
            } else if (c == '(' && depth-- == 0) {
                int e = i;
                int b = e;
                while (b > 0 && (Character.isLetterOrDigit(line.charAt(b - 1)) || line.charAt(b - 1) == '_')) {
                    b--;
                }
                return b < e && CONNECTING_CALL.matcher(line.substring(b, e)).matches();
            }
        }
        return false;
    }

    void defaults(FileScan f, String line, List<Candidate> found) {
        for (int at = line.indexOf("${"); at >= 0; at = line.indexOf("${", at + 2)) {
            shellDefault(f, line, at + 2, found);
        }
        // The getter and fallback patterns run only near key words written as a quoted name or after
        // "env." (getenv("X", …), process.env.X || …): a minified bundle has thousands of 4 KB candidate
        // segments, mostly object keys (token: …), and a regex scan of each would double the scan time.
        int[] win = keyWindows(f, line);
        for (int w = 0; w < win.length; w += 2) {
            int shapes = defaultShapes(f, line, win[w], win[w + 1]);
            if (shapes != 0) {
                callDefaults(f, line, win[w], win[w + 1], (shapes & 1) != 0, (shapes & 2) != 0, found);
            }
        }
        if (line.contains("efault:\"")) {
            Matcher m = TAG_DEFAULT.matcher(line);
            while (m.find()) {
                if (rules.secretKeys().isSecretKey(m.group(1)) && !isReference(m.group(2))) {
                    valueRulesOn(f, m.group(1), m.group(2), m.start(2), found, 2);
                }
            }
        }
        int tpl = line.indexOf("{{");
        if (tpl > 0 && line.contains("default")) {
            fallbacks(f, AssignmentLexer.keyBefore(line, tpl), TEMPLATE_DEFAULT.matcher(line), found, false);
        }
        if (tpl > 0 && line.contains("||")) {
            int expr = line.lastIndexOf("${{", tpl);
            fallbacks(f, AssignmentLexer.keyBefore(line, expr >= 0 ? expr : tpl), GH_FALLBACK.matcher(line), found, false);
        }
        int sub = line.indexOf("$(");
        if (sub > 0 && line.contains("echo")) {
            fallbacks(f, AssignmentLexer.keyBefore(line, sub), ECHO_FALLBACK.matcher(line), found, true);
        }
    }

    /**
     * Whether the quoted key at {@code quote} is read from the environment or a config: an index
     * ({@code ENV["X"]}, {@code os.environ["X"]}) or the argument of a getter ({@code getenv("X")}),
     * not of {@code t("settings.password")}.
     */
    private boolean readsConfig(FileScan f, String line, int quote) {
        int p = quote - 1;
        while (p >= 0 && line.charAt(p) == ' ') {
            p--;
        }
        if (p < 0) {
            return false;
        }
        if (line.charAt(p) == '[') {
            return true;
        }
        if (line.charAt(p) != '(') {
            return false;
        }
        int e = p;
        if (e > 0 && line.charAt(e - 1) == '>') {
            int lt = line.lastIndexOf('<', e - 1);
            e = lt >= 0 ? lt : e;
        }
        int b = e;
        while (b > 0 && (Character.isLetterOrDigit(line.charAt(b - 1)) || line.charAt(b - 1) == '_')) {
            b--;
        }
        return b < e && GETTER.matcher(line.substring(b, e)).matches();
    }

    /** Getter defaults and fallbacks within [from, to) of the line. */
    private void callDefaults(FileScan f, String line, int from, int to, boolean hasCall, boolean hasFallback,
            List<Candidate> found) {
        if (hasCall) {
            Matcher m = CALL_DEFAULT.matcher(line).region(from, to);
            while (m.find()) {
                String callee = m.group(1);
                String last = callee.substring(callee.lastIndexOf('.') + 1);
                String key = m.group(3).replaceFirst("^-+", "");
                if ((GETTER.matcher(last).matches() || callee.startsWith("flag."))
                        && rules.secretKeys().isSecretKey(key) && !isReference(m.group(5))
                        && !REQUEST_READ.matcher(callee).find()) {
                    if (m.group(5).isEmpty()) {
                        // an empty default of an environment or config read; a CLI flag's "" means "not given"
                        if (!FLAG_CALL.matcher(callee).find()) {
                            emptyDefault(f, key, m.start(5), found);
                        }
                    } else {
                        valueRulesOn(f, key, m.group(5), m.start(5), found, 2);
                    }
                }
            }
        }
        if (hasFallback) {
            // find() would try FALLBACK's alternation (with two \b checks) at every character of the
            // window: 40% of the CPU of a scan of bench/gen_tree.py's 200 MB tree. A match can only start
            // at a quote or at "process.env.", "import.meta.env.", "env.", "ENV.": lookingAt() there
            // only, in order, finds the same matches. Past the window's start the bounds are transparent,
            // as inside find()'s region, so \b sees the character before.
            eachFallback(line, from, to, m -> fallback(f, line, m, found));
        }
    }

    /** Calls {@code each} with every match of {@link #FALLBACK} that find() would give in [from, to). */
    static void eachFallback(String line, int from, int to, java.util.function.Consumer<Matcher> each) {
        Matcher m = FALLBACK.matcher(line);
        for (int p = fallbackStart(line, from, to); p >= 0; ) {
            m.region(p, to).useTransparentBounds(p > from);
            if (m.lookingAt()) {
                each.accept(m);
                p = fallbackStart(line, Math.max(m.end(), p + 1), to);
            } else {
                p = fallbackStart(line, p + 1, to);
            }
        }
    }

    /** FALLBACK's matches in [from, to) by find(), the slow way (for the test of {@link #eachFallback}). */
    static Matcher fallbackFinder(String line, int from, int to) {
        return FALLBACK.matcher(line).region(from, to);
    }

    /** The first position in [from, to) where {@link #FALLBACK} can start a match; -1 if none. */
    private static int fallbackStart(String line, int from, int to) {
        for (int i = from; i < to; i++) {
            char c = line.charAt(i);
            if ((c == '"' || c == '\'') && quotedNameCloses(line, i)
                    || c == 'p' && line.startsWith("process.env.", i)
                    || c == 'i' && line.startsWith("import.meta.env.", i)
                    || c == 'e' && line.startsWith("env.", i)
                    || c == 'E' && line.startsWith("ENV.", i)) {
                return i;
            }
        }
        return -1;
    }

    /**
     * Whether the quote at {@code q} opens what {@link #FALLBACK}'s first branch needs: a name of at most 81
     * characters, the same quote, blanks, then {@code )} or {@code ]}. Most quotes on a candidate line do
     * not, and the regex is not tried there.
     */
    private static boolean quotedNameCloses(String line, int q) {
        int n = line.length();
        int i = q + 1;
        char first = i < n ? line.charAt(i) : 0;
        if (!(first >= 'a' && first <= 'z' || first >= 'A' && first <= 'Z' || first == '_')) {
            return false;
        }
        int max = Math.min(n, i + 81);
        while (i < max && fallbackNameChar(line.charAt(i))) {
            i++;
        }
        if (i >= n || line.charAt(i) != line.charAt(q)) {
            return false;
        }
        for (i++; i < n; i++) {
            char c = line.charAt(i);
            if (c == ')' || c == ']') {
                return true;
            }
            if (c != ' ' && c != '\t' && c != '\f' && c != '\r' && c != '\n' && c != 0x0B) {
                return false;
            }
        }
        return false;
    }

    /** {@code [\w.:-]} of {@link #FALLBACK}. */
    private static boolean fallbackNameChar(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '.' || c == ':'
                || c == '-';
    }

    private void fallback(FileScan f, String line, Matcher m, List<Candidate> found) {
        String key = m.group(2) != null ? m.group(2) : m.group(3);
        if (m.group(2) != null && (!readsConfig(f, line, m.start())
                || REQUEST_READ.matcher(line.substring(Math.max(0, m.start() - 60), m.start())).find())
                || m.group(4) != null && !OR_CALL.matcher(line).find()) {
            // (a request's header, form field or query parameter is input, not configuration)
            return;
        }
        if (rules.secretKeys().isSecretKey(key) && !isReference(m.group(6))) {
            if (m.group(6).isEmpty()) {
                emptyDefault(f, key, m.start(6), found);
            } else {
                valueRulesOn(f, key, m.group(6), m.start(6), found, 2);
            }
        }
    }

    /**
     * An empty default in deployable code ({@code os.getenv("DB_PASSWORD", "")}, {@code ?? ""},
     * Spring {@code ${DB_PASSWORD:}}): when nothing is set, the program runs with an empty secret.
     */
    private void emptyDefault(FileScan f, String key, int at, List<Candidate> found) {
        // NEXT_PUBLIC_*, VITE_*, REACT_APP_* are built into the browser bundle: optional, never secret
        if (emptyRule != null && !f.kind.expectsStandIns() && !f.translations && !PUBLIC_ENV.matcher(key).lookingAt()) {
            found.add(new Candidate(emptyRule, at, at, "", key, 2, true));
        }
    }

    /**
     * Windows [start, end) around the key words that are quoted names or follow "env.", merged; the whole
     * line when the key words' positions are unknown (a segment that is not ASCII).
     */
    private int[] keyWindows(FileScan f, String line) {
        int n = line.length();
        if (!f.segAscii) {
            return new int[] {0, n};
        }
        int[] out = new int[f.nHits * 2];
        int k = 0;
        for (int h = 0; h < f.nHits; h++) {
            int end = f.hitEnds[h] - f.segStart;
            int start = end - lexer.keywordText[f.hitIds[h]].length();
            int ks = start;
            while (ks > 0 && keyChar(line, ks - 1)) {
                ks--;
            }
            int ke = end;
            while (ke < n && keyChar(line, ke)) {
                ke++;
            }
            boolean quoted = ks > 0 && ke < n && (line.charAt(ks - 1) == '"' || line.charAt(ks - 1) == '\'')
                    && line.charAt(ke) == line.charAt(ks - 1);
            int dot = line.lastIndexOf('.', start);
            boolean env = dot >= 3 && dot >= ks && line.startsWith("env.", dot - 3); // process.env.X, ENV.X
            if (!quoted && !env) {
                continue;
            }
            int a = Math.max(0, ks - 120);
            int b = Math.min(n, ke + 360);
            if (k > 0 && a <= out[k - 1]) {
                out[k - 1] = Math.max(out[k - 1], b);
            } else {
                out[k++] = a;
                out[k++] = b;
            }
        }
        return java.util.Arrays.copyOf(out, k);
    }

    /**
     * Which of the getter-default and fallback patterns can match on the line, in one pass over its
     * characters (a minified bundle has thousands of 4 KB candidate segments: no String.contains cascade).
     * Bit 1: a call with a quoted first argument and a comma. Bit 2: a closing bracket or "env." and a
     * fallback operator (||, ??, ?:, or, .orElse(, .unwrap_or(, .default(, {, a coalescing call's comma).
     */
    private int defaultShapes(FileScan f, String line, int from, int to) {
        boolean comma = false, callQuote = false, close = false, op = false;
        int n = to;
        for (int i = from; i < n; i++) {
            char c = line.charAt(i);
            char next = i + 1 < n ? line.charAt(i + 1) : 0;
            switch (c) {
                case ',' -> comma = true;
                case '(' -> callQuote |= next == '"' || next == '\'' || next == '&' || next == ' ';
                case ')', ']' -> close = true;
                case '|' -> op |= next == '|';
                case '?' -> op |= next == '?' || next == ':';
                case '{' -> op = true;
                case '.' -> {
                    op |= next == 'o' || next == 'u' || next == 'g' || next == 'd';
                    close |= i >= 3 && line.startsWith("env", i - 3);
                }
                case ' ' -> op |= next == 'o' && i + 3 < n && line.charAt(i + 2) == 'r' && line.charAt(i + 3) == ' ';
                default -> { }
            }
        }
        return (comma && callQuote ? 1 : 0) | (close && (op || comma) ? 2 : 0);
    }

    /**
     * Fallback values (group 2 of {@code m}) for the key the whole expression is assigned to. A
     * {@code sentinel} fallback ({@code $(vault read … || echo 'loading_failed')}) is a stand-in
     * whatever its text, unless it looks like a real secret.
     */
    private void fallbacks(FileScan f, String key, Matcher m, List<Candidate> found, boolean sentinel) {
        if (key == null || !rules.secretKeys().isSecretKey(key)) {
            return;
        }
        while (m.find()) {
            String v = m.group(2);
            if (isReference(v)) {
                continue;
            }
            int before = found.size();
            valueRulesOn(f, key, v, m.start(2), found, 2);
            if (sentinel && found.size() == before && markerRule != null && !v.isBlank()) {
                found.add(new Candidate(markerRule, m.start(2), m.end(2), v, key, 2));
            }
        }
    }

    /** {@code ${VAR:-default}}, {@code ${VAR-default}}, {@code ${VAR:=default}}, Spring {@code ${key:default}}. */
    void shellDefault(FileScan f, String line, int nameStart, List<Candidate> found) {
        int n = line.length();
        int p = nameStart;
        while (p < n && (Character.isLetterOrDigit(line.charAt(p)) || line.charAt(p) == '_' || line.charAt(p) == '.'
                || line.charAt(p) == '-' && p + 1 < n && Character.isLetterOrDigit(line.charAt(p + 1))
                && !ENV_NAME_OR_WORD.matcher(line.substring(nameStart, p)).matches())) {
            // "${TOKEN-dev-token}": after a shell variable name, '-' is the default operator
            p++;
        }
        if (p == nameStart || p >= n) {
            return;
        }
        char op = line.charAt(p);
        if (op == ':' && p + 1 < n && (line.charAt(p + 1) == '-' || line.charAt(p + 1) == '=')) {
            p += 2;
        } else if (op == ':' || op == '-' || op == '=') {
            p++;
        } else {
            return;
        }
        int close = line.indexOf('}', p);
        String name = line.substring(nameStart, p - (op == ':' && line.charAt(p - 1) != ':' ? 2 : 1));
        if (close < 0 || !rules.secretKeys().isSecretKey(name)) {
            return;
        }
        String v = unquote(line.substring(p, close).strip());
        if (v.isEmpty() && op == ':' && close == p && line.charAt(p - 1) == ':') {
            emptyDefault(f, name, p, found); // Spring ${db.password:}; shell ${X:-} means "may be unset"
        } else if (!v.isEmpty() && !isReference(v)) {
            valueRulesOn(f, name, v, p, found, 2);
        }
    }

    void urls(FileScan f, String line, List<Candidate> found) {
        if (line.indexOf('@') < 0) {
            return;
        }
        Matcher m = URL_CREDENTIALS.matcher(line);
        while (m.find()) {
            String user = m.group(2);
            String pw = m.group(3);
            if (pw.isEmpty() || pw.contains("$") || pw.contains("%s") || pw.contains("%(") || pw.contains("{{")
                    || pw.startsWith("<%")) {
                continue;
            }
            String key = AssignmentLexer.keyBefore(line, m.start());
            boolean interpolated = pw.startsWith("{") && (line.contains("f\"") || line.contains("f'")
                    || line.contains(".format(") || line.contains("${") || line.contains("`"));
            if (interpolated) {
                continue;
            }
            if (isPlaceholderPassword(f, user, pw)) {
                if (urlPlaceholderRule != null) {
                    found.add(new Candidate(urlPlaceholderRule, m.start(3), m.end(3), pw, key, 1));
                }
            } else if (urlSecretRule != null && pw.length() >= 6 && entropy(pw) >= 2.5
                    && !vocab.looksFake(pw)) {
                found.add(new Candidate(urlSecretRule, m.start(3), m.end(3), pw, key, 1));
            }
        }
    }

    boolean isPlaceholderPassword(FileScan f, String user, String pw) {
        String p = pw.toLowerCase(Locale.ROOT);
        if (p.equals(user.toLowerCase(Locale.ROOT)) || p.equals("pass") || p.equals("password") || p.equals("passwd")
                || p.equals("pwd") || p.equals("secret") || (pw.startsWith("{") && pw.endsWith("}"))
                || (pw.startsWith("[") && pw.endsWith("]")) || PLACEHOLDER_NAME.matcher(pw).matches()) {
            return true;
        }
        for (int i = 0; i < valueRules.size(); i++) {
            Matcher m = valueRules.get(i).value().matcher(pw);
            if (valueAnchored[i] ? m.lookingAt() : m.find()) {
                return true;
            }
        }
        return false;
    }

    void lineRule(FileScan f, Rule rule, String line, List<Candidate> found) {
        Matcher m = rule.regex().matcher(line);
        while (m.find()) {
            int g = rule.group();
            if (g == 0) {
                for (int i = 1; i <= m.groupCount(); i++) {
                    if (m.group(i) != null) {
                        g = i;
                        break;
                    }
                }
            }
            String v = m.group(g);
            if (v == null) {
                continue;
            }
            if (rule.isBuiltin("pem-body")) {
                if (!pemBodyFollows(f, line.substring(m.end(g)))) {
                    continue;
                }
            } else if (rule.kind().equals(Rule.PLACEHOLDER)) {
                // a stand-in literal: it must be used as a value, not offered as a hint or listed as data
                if (f.translations || !usedAsValue(f, line, m.start())) {
                    continue;
                }
            } else if (vocab.looksFake(v) || entropy(v) < rule.minEntropy()) {
                continue;
            }
            // a placeholder line rule yields to the value rules, which know the key
            found.add(new Candidate(rule, m.start(g), m.end(g), v, AssignmentLexer.keyBefore(line, m.start(g)),
                    rule.kind().equals(Rule.PLACEHOLDER) ? 3 : 0));
        }
    }

    /**
     * Whether a literal that starts at {@code pos} is passed to a call ({@code Fernet(b'…')}), returned or
     * used as a fallback, or assigned to a key that carries a secret; not when it is a UI hint
     * ({@code placeholder="…"}) or an element of a list.
     */
    boolean usedAsValue(FileScan f, String line, int pos) {
        int p = pos - 1;
        while (p >= 0 && (line.charAt(p) == ' ' || line.charAt(p) == '\t')) {
            p--;
        }
        if (p < 0) {
            return false;
        }
        char c = line.charAt(p);
        if (c == '(' || c == '|' || c == '?' || line.startsWith("return", Math.max(0, p - 5)) && p >= 5) {
            return c != '(' || !line.startsWith("placeholder", Math.max(0, p - 11));
        }
        if (c == ',') {
            // jwt.sign(payload, 'your_jwt_secret') but not ["changeme", "your_api_key_here"]
            int depth = 0;
            for (int i = p - 1; i >= 0; i--) {
                char b = line.charAt(i);
                if (b == ')' || b == ']' || b == '}') {
                    depth++;
                } else if (b == '(' || b == '[' || b == '{') {
                    if (depth == 0) {
                        return b == '(';
                    }
                    depth--;
                }
            }
            return false;
        }
        if (c == '=' || c == ':' || c == '>') {
            String key = AssignmentLexer.keyBefore(line, pos);
            return key != null && rules.secretKeys().isSecretKey(key);
        }
        return false;
    }

    boolean pemBodyFollows(FileScan f, String restOfLine) {
        int from = f.segEnd;
        String after = restOfLine + "\n" + new String(f.buf, from, Math.min(400, f.len - from), StandardCharsets.ISO_8859_1);
        StringBuilder body = new StringBuilder();
        for (String l : after.replace("\\n", "\n").replace("\\r", "\n").split("\n")) {
            String t = l.strip().replaceAll("^[\"',+]+|[\"',+]+$", "").strip();
            if (t.isEmpty() || t.contains(":")) {
                continue;
            }
            if (t.startsWith("-----")) {
                break;
            }
            body.append(t);
            if (body.length() >= 200) {
                break;
            }
        }
        String b = body.toString();
        return b.length() >= 40 && b.substring(0, 40).matches("[A-Za-z0-9+/=]{40}") && entropy(b) >= 3.0;
    }
}
