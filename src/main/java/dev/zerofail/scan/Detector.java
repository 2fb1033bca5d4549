package dev.zerofail.scan;

import dev.zerofail.core.Finding;
import dev.zerofail.core.Location;
import dev.zerofail.core.Masking;
import dev.zerofail.core.Severity;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds placeholder and hard-coded secrets in one file's bytes. Thread-safe: all per-file state
 * lives in {@link FileScan}. Only lines that contain a rule keyword are decoded and analysed.
 */
public final class Detector {
    /** A segment around a keyword is at most this many bytes each side, so minified files stay linear. */
    private static final int MAX_REACH = 2048;
    private static final List<String> SAME_LINE_MARKERS = List.of("zerofail:allow", "gitleaks:allow",
            "pragma: allowlist secret", "secretlint-disable-line");
    private static final List<String> NEXT_LINE_MARKERS = List.of("zerofail:allow-next-line",
            "secretlint-disable-next-line", "pragma: allowlist nextline secret");
    private static final String URL_KEYWORD = "://";
    private static final Set<String> EXTRA_ASSIGN_KEYWORDS = Set.of("key", "url", "uri", "connection", "auth", "default",
            "value:");

    /** A generic key ("value", "default") names its secret on a line above: k8s env lists, Terraform variables. */
    private static final Pattern CONTEXT_NAME = Pattern.compile(
            "(?:\\bname\\s*[:=]\\s*[\"']?|\\bvariable\\s+\"|\"name\"\\s*:\\s*\")([A-Za-z_][\\w.-]*)"
            // Render/Heroku-style env lists: "- key: SOME_TOKEN" then "value: …" (an env name, not a header)
            + "|\\bkey\\s*:\\s*[\"']?([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+)[\"']?\\s*$"
            // a mapping that opens on the line above: "jwt_secret:" (YAML) or "jwtSecret: {" (convict-style schemas)
            + "|^\\s*[\"']?([A-Za-z_][\\w.-]*)[\"']?\\s*:\\s*\\{?\\s*$");
    private static final int CONTEXT_GROUPS = 3;
    private static final Set<String> GENERIC_KEYS = Set.of("value", "default", "defaultvalue", "default_value");
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
    /** A call that wraps a literal default or secret: Field("x"), pulumi.output("x"), SecretStr("x")... */
    private static final Pattern WRAPPER = Pattern.compile(
            "(?:[A-Za-z_]\\w*\\.)*(?:[Oo]utput\\.(?:secret|of)|pulumi\\.(?:output|secret)"
            + "|SecretValue\\.(?:unsafePlainText|plainText)|SecretStr|SecretBytes|Field|field|Secret|Optional\\.of|Some"
            + "|String|new\\s+String|Buffer\\.from|bytes|\\[\\]byte|str|fromhex|b64decode|urlsafe_b64decode|DecodeString)"
            + "\\s*\\(\\s*(?:default\\s*[=:]\\s*)?(?:[bf](?=[\"'`])|(?=[\"'`])|(?=[A-Z]\\w*\\())"
            // schema builders: z.string().min(32).default("changeme"), Joi.string().default('x'), str({ default: 'x' })
            + "|(?:[A-Za-z_]\\w*\\.)*(?:string|str|text)\\(\\s*(?:\\{\\s*default\\s*:\\s*)?(?=[\"'`])"
            + "|(?:[A-Za-z_]\\w*\\.)*\\w+\\([^()\"'`]{0,40}\\)(?:\\.\\w+\\([^()\"'`]{0,40}\\)){0,6}\\.default\\(\\s*(?=[\"'`])");
    /** Stored password hashes ({@code pbkdf2_sha256$...}, {@code {SSHA}...}): not credentials. */
    private static final Pattern HASH_VALUE = Pattern.compile(
            "(?i)^(?:pbkdf2\\w*|bcrypt\\w*|argon2\\w*|scrypt|sha(?:1|224|256|384|512)(?:_crypt)?|md5(?:_crypt)?|crypt)[$:]"
            + "|^\\{(?:SSHA|SHA|SMD5|MD5|CRYPT|BCRYPT|SSHA256|SSHA512|PBKDF2[\\w-]*)}");
    /** A hex digest (MD5, SHA-1, SHA-256, SHA-512): in test data under a password key it is a hash. */
    private static final Pattern HEX_DIGEST = Pattern.compile("[0-9a-fA-F]{32}|[0-9a-fA-F]{40}|[0-9a-fA-F]{64}|[0-9a-fA-F]{128}");
    private static final Pattern SECRET_NOUN_END = Pattern.compile("(?i)(?:key|token|secret|password|pass|pwd)$");
    private static final Pattern BASE64 = Pattern.compile("[A-Za-z0-9+/]{4,200}={0,2}");
    private static final Pattern HELM_VALUES = Pattern.compile("(?:[\\w-]+[-.])?values(?:[-.][\\w-]+)?\\.ya?ml");
    private static final Pattern CONNECTING_CALL = Pattern.compile(
            "(?i)\\w*(?:connect|client|engine|redis|pool|mongo|mysql|postgres|psycopg|database|smtp|ldap|ftp|ssh|session"
            + "|login|auth|credentials?|config|settings)\\w*");
    private static final Pattern STAND_IN_WORD = Pattern.compile(
            "dev|test|local|example|dummy|fake|sample|demo|default|insecure|change|my|your|super|placeholder|replace");
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
    /** Schema and form words that sit where a password would ({ password: 'string' }): never a weak default. */
    private static final Set<String> TYPE_WORDS = Set.of("string", "str", "text", "number", "boolean", "bool",
            "varchar", "char", "bytes", "object", "any", "null", "optional", "hidden", "password", "secret", "input",
            "include", "omit", "same-origin", "none", "off", "on", "true", "false", "sensitive", "masked", "plain",
            "basic", "bearer", "digest", "token", "oauth", "oauth2", "jwt", "sha256", "md5", "bcrypt", "argon2",
            "argon2id", "scrypt", "pbkdf2", "file", "env", "vault", "stdin", "prompt", "keyring", "string_value");
    private static final Pattern ECHO_FALLBACK = Pattern.compile("\\|\\|\\s*echo\\s+([\"']?)([^\"'\\s);|`]+)\\1");
    private static final Pattern URL_CREDENTIALS = Pattern.compile(
            "([a-zA-Z][a-zA-Z0-9+.-]{1,20})://([^\\s:/@'\"`<>]{0,100}):([^\\s@'\"`]{0,200})@(?=[^\\s'\"`@]{0,200}[A-Za-z0-9\\]])");
    private static final Pattern AUTH_SCHEME = Pattern.compile("(?i)(?:bearer|basic|token|bot)\\s+");
    private static final Pattern IDENT_SEPARATORS = Pattern.compile("[-_.:]");
    private static final Pattern IDENT_PART = Pattern.compile("(?:[a-z]+|[A-Z]+|[A-Z][a-z]+)\\d{0,3}|\\d{1,3}|v\\d+");
    private static final Pattern CAMEL_WORDS = Pattern.compile("[A-Za-z][a-z]+(?:[A-Z][a-z]+)+");
    private static final Pattern NUMBER_OR_BOOL = Pattern.compile(
            "(?i)^(?:true|false|yes|no|on|off|null|nil|none|undefined|-?\\d+(?:\\.\\d+)?(?:ms|s|m|h|d|kb|mb|gb)?)$");
    /** A UI label ("Password", "API key", "Access token") in an i18n file or a form definition. */
    private static final Pattern UI_LABEL = Pattern.compile(
            "\\p{Lu}\\p{Ll}+|(?:\\p{Lu}\\p{Ll}+|\\p{Lu}{2,5})(?: \\p{L}\\p{Ll}*)+[.:?!…]?");
    /** Values that are public by design: Stripe publishable keys, the documented Azurite emulator key. */
    private static final Pattern PUBLIC_VALUE = Pattern.compile(
            "^pk_(?:live|test)_.*|^Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq.*");
    private static final Pattern FIELD_NAME = Pattern.compile(
            "(?i)password|passwd|pwd|secret|token|api[-_]?key|key|username|user|private[-_]?key|cert|tls\\.(?:crt|key)");
    /** Jinja/Helm fallbacks: {{ vault_token | default('changeme') }}. */
    private static final Pattern TEMPLATE_DEFAULT = Pattern.compile("\\|\\s*default[(\\s]\\s*([\"'])([^\"']*)\\1");
    private static final List<String> FAKE_MARKS = List.of("example", "xxxx", "****", "...", "0000000000",
            "1234567890", "abcdefghij", "your-", "your_", "placeholder", "dummy", "fake");
    private static final Set<String> FILE_EXTENSIONS = Set.of("pem", "key", "crt", "cer", "json", "yaml", "yml", "txt",
            "env", "p12", "pfx", "jks", "der", "pub", "conf", "cfg", "ini", "toml", "gpg", "asc");
    /** Placeholder values are short; a longer value is data, and regexes over it cost more than they find. */
    private static final int MAX_VALUE_FOR_RULES = 256;

    private final RuleSet rules;
    private final KeywordIndex index;
    private final int[][] lineRulesByKeyword;
    private final boolean[] assignKeyword;
    private final boolean[] urlKeyword;
    private final String[] keywordText;
    /** Keywords that only matter as part of an assignment's key (see FileScan#assignLike). */
    private final boolean[] needsSeparator;
    /** Per value rule: {@link Rule#anchored()}, worked out once. */
    private final boolean[] valueAnchored;
    private final List<Rule> lineRules = new ArrayList<>();
    private final List<Rule> valueRules = new ArrayList<>();
    private final Rule emptyRule;
    private final Rule urlPlaceholderRule;
    private final Rule urlSecretRule;
    private final Rule entropyRule;
    /** Reports sentinels ({@code || echo 'loading_failed'}): any literal there stands in for the secret. */
    private final Rule markerRule;
    /** Weak default credentials (POSTGRES_PASSWORD: postgres); see {@link FileScan#weakDefault}. */
    private final Rule weakRule;
    /** A committed key file (a MongoDB replica-set keyfile, Rails master.key): judged by name and content. */
    private final Rule keyFileRule;

    public Detector(RuleSet rules) {
        this.rules = rules;
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
        emptyRule = empty;
        urlPlaceholderRule = urlP;
        urlSecretRule = urlS;
        entropyRule = entropy;
        weakRule = weak;
        keyFileRule = keyFile;
        Rule marker = rules.find("placeholder-marker");
        markerRule = marker != null && marker.kind().equals(Rule.PLACEHOLDER) ? marker : null;

        Set<String> assignWords = new LinkedHashSet<>(EXTRA_ASSIGN_KEYWORDS);
        assignWords.addAll(keyWords());
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
        valueAnchored = new boolean[valueRules.size()];
        for (int i = 0; i < valueAnchored.length; i++) {
            valueAnchored[i] = valueRules.get(i).anchored();
        }
        for (int k = 0; k < keywords.size(); k++) {
            lineRulesByKeyword[k] = ruleIdx.get(k).stream().mapToInt(Integer::intValue).toArray();
            String kw = keywords.get(k);
            assignKeyword[k] = assignWords.stream().anyMatch(kw::contains);
            urlKeyword[k] = kw.equals(URL_KEYWORD);
            needsSeparator[k] = lineRulesByKeyword[k].length == 0 && !urlKeyword[k] && !kw.endsWith(":");
        }
    }

    /** Every secret word, cut to a prefix long enough to be selective ("password" → "pass"). */
    private Set<String> keyWords() {
        Set<String> out = new LinkedHashSet<>(List.of("secret", "token", "pass", "pwd", "credential", "creds", "dsn",
                "jwt", "bearer", "salt", "hmac", "webhook", "sastoken", "sas_token", "private_key", "privatekey",
                "private-key"));
        return out;
    }

    public RuleSet rules() {
        return rules;
    }

    /** Result for one file: its findings and whether some analysed line was not valid UTF-8. */
    public record FileResult(List<Finding> findings, boolean nonUtf8) {
    }

    public FileResult detect(String relPath, byte[] buf, int len) {
        FileScan fs = new FileScan(relPath, buf, len);
        index.search(buf, 0, len, fs);
        fs.flush();
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
        if (!name.regionMatches(true, name.length() - 4, ".key", 0, 4) && !asciiLower(name).contains("keyfile")
                && !asciiLower(name).contains("key-file") && !asciiLower(name).contains("key_file")) {
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
        if (!KEY_FILE_BODY.matcher(v).matches() || looksFake(v) || entropy(v) < 3.0) {
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

    /** @param readDefault an empty default of an environment or config read, not an empty value written down */
    private record Candidate(Rule rule, int start, int end, String value, String key, int priority, boolean readDefault) {
        Candidate(Rule rule, int start, int end, String value, String key, int priority) {
            this(rule, start, end, value, key, priority, false);
        }
    }

    /**
     * @param literal the value is text, not an expression: quoted, in a config file, or inside a quoted string
     * @param nested  the assignment sits inside another value's quotes (a connection string, a sentence)
     */
    private record Assignment(String key, int valueStart, int valueEnd, String value, boolean quoted, String sep,
            boolean fString, boolean literal, boolean nested, boolean typed, boolean quotedKey) {
        Assignment(String key, int valueStart, int valueEnd, String value, boolean quoted, String sep,
                boolean fString, boolean literal, boolean nested) {
            this(key, valueStart, valueEnd, value, quoted, sep, fString, literal, nested, false, false);
        }

        Assignment with(String newKey, boolean isTyped, boolean isQuotedKey) {
            return new Assignment(newKey, valueStart, valueEnd, value, quoted, sep, fString, literal, nested, isTyped,
                    isQuotedKey);
        }
    }

    /** Per-file state: the current candidate segment and the keywords seen in it. */
    private final class FileScan implements KeywordIndex.Sink {
        final String path;
        final byte[] buf;
        final int len;
        final FileKind kind;
        final boolean code;
        /** A translation catalogue: its values are UI text (see {@link FileKind#isTranslation}). */
        final boolean translations;
        /** 0 not yet known, 1 a Kubernetes Secret manifest, -1 not. */
        int secretManifest;
        /** Helm values: an empty password there means "generate one at install", not a missing secret. */
        final boolean helmValues;
        /** CI configuration: a weak default there is a throwaway service container's, not a shipped one. */
        final boolean ci;
        /** Whether '#' starts a comment: config files, Python, Ruby, Elixir; not C (#define) nor JS (#field). */
        final boolean hashComments;
        final List<Finding> findings = new ArrayList<>();
        boolean nonUtf8;
        int segStart = -1;
        int segEnd = -1;
        /** Whether the current segment decoded byte for byte (ASCII): then byte offsets are string indexes. */
        boolean segAscii;
        /** Where assignment keywords that passed the separator check end, and which keyword it was. */
        int[] hitEnds = new int[16];
        int[] hitIds = new int[16];
        int nHits;
        final boolean[] seen;
        final int[] seenList;
        int seenCount;
        int countedTo;
        int countedLine = 1;

        FileScan(String path, byte[] buf, int len) {
            this.path = path;
            this.buf = buf;
            this.len = len;
            this.kind = FileKind.of(path);
            this.code = FileKind.isCode(path);
            this.translations = FileKind.isTranslation(path);
            String name = path.substring(path.lastIndexOf('/') + 1).toLowerCase(Locale.ROOT);
            this.helmValues = HELM_VALUES.matcher(name).matches();
            String lp = "/" + path.toLowerCase(Locale.ROOT);
            this.ci = lp.contains("/.github/workflows/") || lp.contains("/.gitlab-ci") || lp.contains("/.circleci/")
                    || lp.contains("/azure-pipelines") || lp.contains("/bitbucket-pipelines") || lp.contains("/.drone.yml")
                    || lp.contains("/.buildkite/") || lp.contains("/.woodpecker");
            String ext = path.substring(path.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT);
            this.hashComments = !code || ext.equals("py") || ext.equals("rb") || ext.equals("ex") || ext.equals("exs");
            this.seen = new boolean[lineRulesByKeyword.length];
            this.seenList = new int[lineRulesByKeyword.length];
        }

        @Override
        public void hit(int end, int[] ids) {
            boolean wanted = false;
            int peek = 0;
            for (int id : ids) {
                if (!needsSeparator[id]) {
                    wanted = true;
                } else {
                    if (peek == 0) {
                        peek = assignLike(end) ? 1 : -1;
                    }
                    wanted |= peek > 0;
                }
            }
            if (!wanted) {
                return;
            }
            int pos = end - 1;
            if (pos >= segEnd) {
                flush();
                int s = pos;
                int floor = Math.max(Math.max(segEnd, 0), pos - MAX_REACH);
                while (s > floor && buf[s - 1] != '\n') {
                    s--;
                }
                int e = pos;
                int ceil = Math.min(len, pos + MAX_REACH);
                while (e < ceil && buf[e] != '\n') {
                    e++;
                }
                segStart = s;
                segEnd = e;
            }
            for (int id : ids) {
                if (!seen[id]) {
                    seen[id] = true;
                    seenList[seenCount++] = id;
                }
                if (assignKeyword[id] && (!needsSeparator[id] || peek > 0)) {
                    if (nHits == hitEnds.length) {
                        hitEnds = java.util.Arrays.copyOf(hitEnds, nHits * 2);
                        hitIds = java.util.Arrays.copyOf(hitIds, nHits * 2);
                    }
                    hitEnds[nHits] = end;
                    hitIds[nHits++] = id;
                }
            }
        }

        /**
         * Whether a key word that ends at {@code end} is followed, after the rest of the key and
         * any quotes, by something that assigns or defaults a value ({@code = : || ?? ,}), or opens a
         * Dockerfile ENV/ARG line. Most mentions of "key", "token" or "password" in code and prose
         * are not, and are never decoded.
         */
        boolean assignLike(int end) {
            int lim = Math.min(len, end + 64);
            int i = end;
            while (i < lim && keyByte(buf[i])) {
                i++;
            }
            boolean quoted = false;
            while (i < lim && (buf[i] == ' ' || buf[i] == '\t' || buf[i] == '"' || buf[i] == '\'' || buf[i] == ']')) {
                quoted |= buf[i] == '"' || buf[i] == '\'';
                i++;
            }
            if (i < lim) {
                byte c = buf[i];
                if (c == '=' || c == ':' || c == '|' || c == '?' || c == '>' || (c == ',' && quoted)) {
                    return true;
                }
                if (c == ')' && quoted) {
                    // getenv("API_TOKEN") || "…", .get("X") or "…", ("X")).orElse("…"), ENV.fetch("X") { "…" }
                    while (i < lim && (buf[i] == ')' || buf[i] == ' ' || buf[i] == '\t')) {
                        i++;
                    }
                    if (i < lim) {
                        c = buf[i];
                        byte d = i + 1 < lim ? buf[i + 1] : 0;
                        return c == '|' || c == '?' || c == ',' || c == '.' && (d == 'o' || d == 'u' || d == 'g')
                                || c == '{' && (d == ' ' || d == '"' || d == '\'')
                                || c == 'o' && d == 'r' && i + 2 < lim && buf[i + 2] == ' ';
                    }
                }
            }
            return i < lim && (buf[i - 1] == ' ' || buf[i - 1] == '\t') && dockerfileInstruction(end);
        }

        private boolean dockerfileInstruction(int end) {
            int s = end;
            int floor = Math.max(0, end - 256);
            while (s > floor && buf[s - 1] != '\n') {
                s--;
            }
            while (s < end && (buf[s] == ' ' || buf[s] == '\t')) {
                s++;
            }
            return s + 4 <= end && buf[s + 3] == ' ' && (buf[s] == 'E' && buf[s + 1] == 'N' && buf[s + 2] == 'V'
                    || buf[s] == 'A' && buf[s + 1] == 'R' && buf[s + 2] == 'G');
        }

        void flush() {
            if (seenCount == 0) {
                return;
            }
            List<String> assign = new ArrayList<>(2);
            boolean url = false;
            List<Rule> triggered = new ArrayList<>(2);
            for (int i = 0; i < seenCount; i++) {
                int id = seenList[i];
                seen[id] = false;
                if (assignKeyword[id]) {
                    assign.add(keywordText[id]);
                }
                url |= urlKeyword[id];
                for (int r : lineRulesByKeyword[id]) {
                    Rule rule = lineRules.get(r);
                    if (!triggered.contains(rule)) {
                        triggered.add(rule);
                    }
                }
            }
            seenCount = 0;
            String line = decode(segStart, segEnd);
            analyse(line, triggered, assign, url);
            nHits = 0;
        }

        String decode(int from, int to) {
            boolean ascii = true;
            for (int i = from; i < to; i++) {
                if (buf[i] < 0) {
                    ascii = false;
                    break;
                }
            }
            segAscii = ascii;
            if (ascii) {
                return new String(buf, from, to - from, StandardCharsets.ISO_8859_1);
            }
            try {
                return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT)
                        .decode(ByteBuffer.wrap(buf, from, to - from)).toString();
            } catch (CharacterCodingException e) {
                nonUtf8 = true;
                return new String(buf, from, to - from, StandardCharsets.ISO_8859_1);
            }
        }

        void analyse(String line, List<Rule> triggered, List<String> assignKeywords, boolean url) {
            List<Candidate> found = new ArrayList<>();
            for (Rule rule : triggered) {
                lineRule(rule, line, found);
            }
            if (!assignKeywords.isEmpty()) {
                for (Assignment a : assignments(line, assignKeywords)) {
                    if (rules.secretKeys().isSecretKey(a.key())) {
                        classify(a, line, found);
                    }
                }
                defaults(line, found);
            }
            if (url) {
                urls(line, found);
            }
            if (found.isEmpty() || suppressed(line)) {
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
            int lineNo = lineOf(segStart);
            int colBase = columnBase();
            boolean comment = commentLine(line);
            for (Candidate c : kept) {
                findings.add(finding(c, lineNo, colBase + c.start() + 1, comment));
            }
        }

        /** Characters between the real start of the line and the segment (non-zero only for huge lines). */
        int columnBase() {
            if (segStart == 0 || buf[segStart - 1] == '\n') {
                return 0;
            }
            int s = segStart;
            while (s > 0 && buf[s - 1] != '\n') {
                s--;
            }
            return segStart - s;
        }

        int lineOf(int offset) {
            for (int i = countedTo; i < offset; i++) {
                if (buf[i] == '\n') {
                    countedLine++;
                }
            }
            countedTo = Math.max(countedTo, offset);
            return countedLine;
        }

        boolean suppressed(String line) {
            for (String m : SAME_LINE_MARKERS) {
                if (line.contains(m)) {
                    return true;
                }
            }
            if (segStart > 0) {
                int e = segStart - 1;
                int s = e;
                while (s > 0 && buf[s - 1] != '\n' && e - s < MAX_REACH) {
                    s--;
                }
                String prev = new String(buf, s, e - s, StandardCharsets.ISO_8859_1);
                for (String m : NEXT_LINE_MARKERS) {
                    if (prev.contains(m)) {
                        return true;
                    }
                }
            }
            return false;
        }

        /**
         * A comment line ({@code // …}, {@code * …}, {@code # …}) is not what runs: a stand-in there is an
         * example, reported low like one in a template. A real secret in a comment is still leaked.
         */
        boolean commentLine(String line) {
            if (segStart > 0 && buf[segStart - 1] != '\n') {
                return false; // the middle of a long line
            }
            int p = skipBlanks(line, 0);
            if (p >= line.length()) {
                return false;
            }
            char c = line.charAt(p);
            if (c == '/' && p + 1 < line.length() && (line.charAt(p + 1) == '/' || line.charAt(p + 1) == '*')
                    || c == '*' && (p + 1 == line.length() || line.charAt(p + 1) == ' ' || line.charAt(p + 1) == '/')) {
                return code; // in .npmrc "//registry/:_authToken=" is a setting
            }
            return c == '#' && hashComments && (p + 1 == line.length() || line.charAt(p + 1) != '{');
        }

        Finding finding(Candidate c, int lineNo, int column, boolean comment) {
            Rule r = c.rule();
            Severity sev = r.severity();
            if (r.kind().equals(Rule.PLACEHOLDER) && (kind.expectsStandIns() || comment) || r == weakRule && ci) {
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
                            ? " (" + (comment && !kind.expectsStandIns() ? "comment" : kindLabel()) + ")" : "");
            return new Finding(r.id(), r.kind(), sev, new Location(path, lineNo, column), c.key(), message,
                    Masking.mask(c.value()), Masking.fingerprint(path, r.id(), c.key(), c.value()), null, r.fix());
        }

        String kindLabel() {
            return switch (kind) {
                case TEMPLATE -> "template file";
                case DOCS -> "documentation";
                case TEST -> "test file";
                default -> kind.name().toLowerCase(Locale.ROOT);
            };
        }

        // ------------------------------------------------------------------ analysis steps

        /**
         * Assignments whose key contains one of the keywords found on the line. Parsing starts at the
         * keyword and reads the key around it, the separator after it and the value, by hand: a
         * regex tried at every position of every candidate line was most of the scan's time.
         */
        List<Assignment> assignments(String line, List<String> keywords) {
            List<Assignment> out = new ArrayList<>(2);
            int[] keyStarts = new int[8];
            int nStarts = 0;
            // ASCII segment: the keyword automaton already said where each key word ends
            int[] at = new int[segAscii ? nHits : 0];
            for (int h = 0; h < at.length; h++) {
                at[h] = hitEnds[h] - segStart - keywordText[hitIds[h]].length();
            }
            for (int k = 0; k < (segAscii ? 1 : keywords.size()); k++) {
                String kw = segAscii ? null : keywords.get(k);
                int h = 0;
                for (int idx = segAscii ? (at.length > 0 ? at[0] : -1) : indexOfIgnoreCase(line, kw, 0); idx >= 0;
                        idx = segAscii ? (++h < at.length ? at[h] : -1) : indexOfIgnoreCase(line, kw, idx + 1)) {
                    String word = segAscii ? keywordText[hitIds[h]] : kw;
                    int kwLen = word.endsWith(":") ? word.length() - 1 : word.length();
                    if (idx < 0 || idx + kwLen > line.length()) {
                        continue;
                    }
                    int ks = idx;
                    while (ks > 0 && keyChar(line, ks - 1)) {
                        ks--;
                    }
                    if (ks > 0 && ks < idx && line.charAt(ks - 1) == '\\' && "ntr".indexOf(line.charAt(ks)) >= 0) {
                        ks++; // "…\nDB_PASSWORD=…" inside a string: the key starts after the escape
                    }
                    boolean dup = false;
                    for (int i = 0; i < nStarts; i++) {
                        dup |= keyStarts[i] == ks;
                    }
                    if (dup) {
                        continue;
                    }
                    if (nStarts == keyStarts.length) {
                        keyStarts = java.util.Arrays.copyOf(keyStarts, nStarts * 2);
                    }
                    keyStarts[nStarts++] = ks;
                    Assignment a = assignmentAt(line, ks, idx + kwLen);
                    if (a != null) {
                        out.add(a);
                    }
                }
            }
            out.sort(Comparator.comparingInt(Assignment::valueStart));
            return out;
        }

        Assignment assignmentAt(String line, int ks, int from) {
            int n = line.length();
            int ke = from;
            while (ke < n && keyChar(line, ke)) {
                ke++;
            }
            if (ks > 0 && (line.charAt(ks - 1) == '$' || line.charAt(ks - 1) == '{' && ks > 1 && line.charAt(ks - 2) == '$')) {
                return null;
            }
            int k0 = ks;
            while (k0 < ke && (line.charAt(k0) == '-' || line.charAt(k0) == '.' || line.charAt(k0) == ':')) {
                k0++;
            }
            if (k0 >= ke) {
                return null;
            }
            String key = line.substring(k0, ke);
            int p = ke;
            char open = ks > 0 ? line.charAt(ks - 1) : 0;
            boolean quotedKey = (open == '"' || open == '\'') && p < n && line.charAt(p) == open;
            if (quotedKey) {
                p++;
            }
            p = skipBlanks(line, p);
            String sep = null;
            boolean typed = false;
            if (p < n) {
                char c = line.charAt(p);
                char next = p + 1 < n ? line.charAt(p + 1) : 0;
                if (c == ':' && next == '=') {
                    sep = ":=";
                    p += 2;
                } else if (c == '=' && next == '>') {
                    sep = "=>";
                    p += 2;
                } else if ((c == '?' || c == '+') && next == '=') {
                    sep = "=";
                    p += 2;
                } else if (c == '>' && open == '<') {
                    // <password>value</password>
                    int close = line.indexOf('<', p + 1);
                    if (close > p + 1) {
                        String v = line.substring(p + 1, close).strip();
                        int vs = line.indexOf(v, p + 1);
                        return new Assignment(key, vs, vs + v.length(), v, true, ">", false, true, false);
                    }
                    return null;
                } else if (c == '=' && next != '=' && next != '~') {
                    sep = "=";
                    p++;
                } else if (c == ':' && next != ':' && next != '/') {
                    // "password: str = 'x'" (a type annotation): the '=' is the separator
                    int q = skipBlanks(line, p + 1);
                    int t = q;
                    while (t < n && typeChar(line.charAt(t))) {
                        t++;
                    }
                    int r = skipBlanks(line, t);
                    // "password: str = …" but not "API_KEY: ZHVtbXk=" (base64 padding) nor "a: b=c"
                    if (t > q && r + 1 < n && line.charAt(r) == '=' && line.charAt(r + 1) != '='
                            && (r > t || line.charAt(r + 1) == ' ')) {
                        sep = "=";
                        typed = true;
                        p = r + 1;
                    } else {
                        sep = ":";
                        p++;
                    }
                }
            }
            if (sep == null) {
                String head = line.substring(0, ks).strip();
                if (!(head.equals("ENV") || head.equals("ARG")) || p >= n || p == ke) {
                    return null;
                }
                sep = "=";
            }
            p = skipBlanks(line, p);
            Assignment a = value(line, key, p, sep, insideQuotes(line, quotedKey ? ks - 1 : ks));
            String named = key;
            if (GENERIC_KEYS.contains(asciiLower(key)) && a.literal() && (!a.value().isBlank() || a.quoted())
                    && !isReference(a.value())) {
                // reading lines above costs more than the rest: only for a literal that could be a finding
                // an empty value takes its name only from a "- name:"/"- key:" entry, not from a mapping above
                // (a workflow input's `default: ''` under `aws-secrets-mapping:` is no missing secret)
                String above = contextName(a.value().isBlank());
                if (above != null) {
                    named = above;
                }
            }
            return typed || quotedKey || named != key ? a.with(named, typed, quotedKey) : a;
        }

        /** The key a value at {@code pos} is assigned to ("KEY=" or "key: " just before it), or null. */
        String keyBefore(String line, int pos) {
            int p = pos - 1;
            while (p >= 0 && (line.charAt(p) == ' ' || line.charAt(p) == '\t' || line.charAt(p) == '"'
                    || line.charAt(p) == '\'')) {
                p--;
            }
            if (p < 0) {
                return null;
            }
            char c = line.charAt(p);
            if (c == '=' || c == ':') {
                p--;
                if (p >= 0 && (line.charAt(p) == ':' || line.charAt(p) == '=')) {
                    p--;
                }
            } else if (c == '>' && p > 0 && line.charAt(p - 1) == '=') {
                p -= 2;
            } else {
                return null;
            }
            while (p >= 0 && (line.charAt(p) == ' ' || line.charAt(p) == '\t' || line.charAt(p) == '"'
                    || line.charAt(p) == '\'')) {
                p--;
            }
            int ke = p + 1;
            while (p >= 0 && keyChar(line, p)) {
                p--;
            }
            return ke > p + 1 ? line.substring(p + 1, ke) : null;
        }

        /** The name on one of the few lines above ("- name: OPENAI_API_KEY", 'variable "db_password" {'). */
        String contextName(boolean namedEntryOnly) {
            int e = segStart - 1;
            for (int lines = 0; lines < 4 && e > 0; lines++) {
                int s = e;
                while (s > 0 && buf[s - 1] != '\n' && e - s < 512) {
                    s--;
                }
                Matcher m = CONTEXT_NAME.matcher(new String(buf, s, e - s, StandardCharsets.ISO_8859_1));
                if (m.find()) {
                    for (int g = 1; g <= (namedEntryOnly ? CONTEXT_GROUPS - 1 : CONTEXT_GROUPS); g++) {
                        if (m.group(g) != null) {
                            return m.group(g);
                        }
                    }
                }
                e = s - 1;
            }
            return null;
        }

        Assignment value(String line, String key, int start, String sep, boolean insideQuotes) {
            int n = line.length();
            int i = start;
            boolean fString = false;
            if (i + 1 < n && (line.charAt(i) == 'f' || line.charAt(i) == 'r' || line.charAt(i) == 'b')
                    && (line.charAt(i + 1) == '"' || line.charAt(i + 1) == '\'')) {
                fString = line.charAt(i) == 'f';
                i++;
            }
            if (code && i < n && (Character.isLetter(line.charAt(i)) || line.charAt(i) == '[')) {
                // Field("change-me", env="X"), pulumi.output("REPLACE_ME"): the literal the call wraps is the value
                for (int depth = 0; depth < 2; depth++) { // Field(default=SecretStr("…"))
                    Matcher w = WRAPPER.matcher(line).region(i, n);
                    if (!w.lookingAt()) {
                        break;
                    }
                    i = w.end();
                }
            }
            if (i < n && (line.charAt(i) == '"' || line.charAt(i) == '\'' || line.charAt(i) == '`')) {
                char q = line.charAt(i);
                int j = i + 1;
                while (j < n && line.charAt(j) != q) {
                    if (line.charAt(j) == '\\') {
                        j++;
                    }
                    j++;
                }
                int end = Math.min(j, n);
                String v = line.substring(i + 1, end);
                return new Assignment(key, i + 1, end, v, true, sep, fString || (q == '`' && v.contains("${")), true,
                        insideQuotes);
            }
            int j = i;
            int braces = 0;
            int brackets = 0;
            while (j < n) {
                char c = line.charAt(j);
                if (c == '{') {
                    braces++;
                } else if (c == '}') {
                    if (braces == 0) {
                        break;
                    }
                    braces--;
                } else if (c == '[') {
                    brackets++;
                } else if (c == ']') {
                    if (brackets == 0) {
                        break;
                    }
                    brackets--;
                } else if (c == ';' || c == ',' || c == ')' || c == '"' || c == '\'' || c == '`'
                        || c == '\\' && insideQuotes) {
                    // inside a quoted string, an escape (\n) ends the value: "A_KEY=x\nB_KEY=y"
                    break;
                } else if ((c == '#' || c == '/') && j > i && Character.isWhitespace(line.charAt(j - 1))
                        && (c == '#' || (j + 1 < n && line.charAt(j + 1) == '/'))) {
                    break;
                } else if (Character.isWhitespace(c) && ((code && !insideQuotes) || sep.equals("="))) {
                    break;
                }
                j++;
            }
            String v = line.substring(i, j).stripTrailing();
            return new Assignment(key, i, i + v.length(), v, false, sep, false, !code || insideQuotes, insideQuotes);
        }

        void classify(Assignment a, String line, List<Candidate> found) {
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
                empty(a, line, found);
                return;
            }
            if (a.fString() || isReference(v)) {
                return;
            }
            if (code && (!a.typed() && namesItself(a.key(), v) || v.startsWith("{"))) {
                // SECRET = "secret" names a kind of thing; "{sec}" is interpolated by the program. A typed
                // field (password: str = "password") is a default, though.
                return;
            }
            if (!code && BASE64.matcher(v).matches() && v.length() % 4 == 0 && secretManifest()) {
                // a Kubernetes Secret's data: values are base64; "Y2hhbmdlbWU=" is "changeme"
                String decoded = decodeBase64(v);
                if (decoded != null) {
                    int before = found.size();
                    valueRulesOn(a.key(), decoded, start, found, 2, true);
                    if (found.size() > before) {
                        return;
                    }
                }
            }
            valueRulesOn(a.key(), v, start, found, 2, !code || a.typed());
        }


        /**
         * Whether a value in code is a name built from its own key: {@code SECRET = "secret"},
         * {@code ERROR_MISSING_PASSWORD = "missing-password"}, {@code 'password': 'controller_password'}.
         * Not when the extra words make it a stand-in ({@code "jwt-secret-dev"}), nor for SECRET_KEY =
         * "secret-key", which is the same words written as a value.
         */
        boolean namesItself(String key, String v) {
            if (v.equalsIgnoreCase(key)) {
                return true;
            }
            String k = lettersLower(key);
            String w = lettersLower(v);
            if (w.length() < 4 || k.equals(w)) {
                return false;
            }
            if (k.contains(w)) {
                return true;
            }
            return w.contains(k) && !STAND_IN_WORD.matcher(w.replace(k, " ")).find();
        }

        /** Whether this file is a Kubernetes Secret manifest (worked out once, when first needed). */
        boolean secretManifest() {
            if (secretManifest == 0) {
                secretManifest = indexOf(buf, len, "kind: Secret".getBytes(StandardCharsets.ISO_8859_1)) >= 0 ? 1 : -1;
            }
            return secretManifest > 0;
        }

        /** Runs the placeholder value rules, then the entropy rule, on one literal value. */
        void valueRulesOn(String key, String v, int start, List<Candidate> found, int priority) {
            valueRulesOn(key, v, start, found, priority, true);
        }

        /**
         * @param deployedDefault the value is what runs when nothing else is set: a config value, or a
         *                        default in code ({@code getenv("X", "d")}), not a plain assignment in code
         */
        void valueRulesOn(String key, String v, int start, List<Candidate> found, int priority,
                boolean deployedDefault) {
            String t = v.strip();
            if (t.isEmpty() || translations || words(t) >= 5 || t.indexOf(' ') > 0 && UI_LABEL.matcher(t).matches()
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
            if (kind == FileKind.TEST && (rules.secretKeys().isHashKey(key)
                    || HEX_DIGEST.matcher(t).matches() && rules.secretKeys().isPasswordKey(key))) {
                // test datasets: password digests and salts stand for users' hashed passwords, not credentials
                return;
            }
            for (int i = 0; i < valueRules.size(); i++) {
                Rule r = valueRules.get(i);
                if (weakKey && r.id().equals("placeholder-dummy") && (t.indexOf('-') < 0 && t.indexOf(' ') < 0
                        || !SECRET_NOUN_END.matcher(t).find() || !STAND_IN_WORD.matcher(t).find())) {
                    // a bare "key:" with a word or an identifier ("default", "client_secret") is a lookup key or
                    // a label;
                    // "Key": "fake-jwt-signing-key" is a stand-in
                    continue;
                }
                if (r.id().equals("placeholder-dummy") && weakDefault(key, t, deployedDefault)) {
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
            if (weakDefault(key, t, deployedDefault)) {
                found.add(new Candidate(weakRule, start, start + v.length(), t, key, priority));
                return;
            }
            if (entropyRule != null && !NUMBER_OR_BOOL.matcher(t).matches()
                    && !weakKey && !PUBLIC_VALUE.matcher(t).matches() && looksLikeSecret(t, entropyRule)) {
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
        boolean weakDefault(String key, String t, boolean deployedDefault) {
            if (weakRule == null || !PLAIN_WORD.matcher(t).matches() || TYPE_WORDS.contains(t)) {
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
            return (deployedDefault || !code) && NAME_WORD.matcher(t).matches() && wordCount(t, 2) >= 2;
        }

        /** Word counts already taken in this file: a file with many passwords asks about the same few words. */
        java.util.Map<String, Integer> wordCounts;

        /** How many times {@code w} occurs in the file as a word (case ignored), counting up to {@code max}. */
        int wordCount(String w, int max) {
            if (wordCounts == null) {
                wordCounts = new java.util.HashMap<>();
            }
            return wordCounts.computeIfAbsent(w, x -> countWord(x, max));
        }

        private int countWord(String w, int max) {
            byte[] p = w.getBytes(StandardCharsets.ISO_8859_1);
            int count = 0;
            outer:
            for (int i = 0; i + p.length <= len; i++) {
                for (int k = 0; k < p.length; k++) {
                    int b = buf[i + k];
                    if (b >= 'A' && b <= 'Z') {
                        b += 32;
                    }
                    if (b != p[k]) {
                        continue outer;
                    }
                }
                boolean left = i == 0 || !Character.isLetterOrDigit(buf[i - 1]);
                boolean right = i + p.length == len || !Character.isLetterOrDigit(buf[i + p.length]);
                if (left && right && ++count >= max) {
                    return count;
                }
            }
            return count;
        }

        void empty(Assignment a, String line, List<Candidate> found) {
            if (emptyRule == null || kind.expectsStandIns() || translations || helmValues || !a.literal()
                    || a.nested()) {
                return;
            }
            String rest = line.substring(Math.min(line.length(), a.valueEnd() + (a.quoted() ? 1 : 0))).strip();
            boolean entryEnds = rest.isEmpty() || rest.startsWith(",") || rest.startsWith("}");
            if (code) {
                // In code an empty string is mostly an initial value (let password = ""). Only a quoted dict
                // entry ('password': '' in a connection dict) or a Python keyword argument
                // (connect(password="")) is the value the program runs with.
                boolean dictEntry = a.quotedKey() && a.quoted() && a.sep().equals(":") && entryEnds;
                boolean kwarg = a.quoted() && a.sep().equals("=") && !a.typed() && path.endsWith(".py")
                        && (rest.startsWith(",") || rest.startsWith(")")) && connectionArgument(line, a);
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
        private boolean connectionArgument(String line, Assignment a) {
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

        void defaults(String line, List<Candidate> found) {
            for (int at = line.indexOf("${"); at >= 0; at = line.indexOf("${", at + 2)) {
                shellDefault(line, at + 2, found);
            }
            // The getter and fallback patterns run only near key words written as a quoted name or after
            // "env." (getenv("X", …), process.env.X || …): a minified bundle has thousands of 4 KB candidate
            // segments, mostly object keys (token: …), and a regex scan of each would double the scan time.
            int[] win = keyWindows(line);
            for (int w = 0; w < win.length; w += 2) {
                int shapes = defaultShapes(line, win[w], win[w + 1]);
                if (shapes != 0) {
                    callDefaults(line, win[w], win[w + 1], (shapes & 1) != 0, (shapes & 2) != 0, found);
                }
            }
            if (line.contains("efault:\"")) {
                Matcher m = TAG_DEFAULT.matcher(line);
                while (m.find()) {
                    if (rules.secretKeys().isSecretKey(m.group(1)) && !isReference(m.group(2))) {
                        valueRulesOn(m.group(1), m.group(2), m.start(2), found, 2);
                    }
                }
            }
            int tpl = line.indexOf("{{");
            if (tpl > 0 && line.contains("default")) {
                fallbacks(keyBefore(line, tpl), TEMPLATE_DEFAULT.matcher(line), found, false);
            }
            if (tpl > 0 && line.contains("||")) {
                int expr = line.lastIndexOf("${{", tpl);
                fallbacks(keyBefore(line, expr >= 0 ? expr : tpl), GH_FALLBACK.matcher(line), found, false);
            }
            int sub = line.indexOf("$(");
            if (sub > 0 && line.contains("echo")) {
                fallbacks(keyBefore(line, sub), ECHO_FALLBACK.matcher(line), found, true);
            }
        }

        /**
         * Whether the quoted key at {@code quote} is read from the environment or a config: an index
         * ({@code ENV["X"]}, {@code os.environ["X"]}) or the argument of a getter ({@code getenv("X")}),
         * not of {@code t("settings.password")}.
         */
        private boolean readsConfig(String line, int quote) {
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
        private void callDefaults(String line, int from, int to, boolean hasCall, boolean hasFallback,
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
                                emptyDefault(key, m.start(5), found);
                            }
                        } else {
                            valueRulesOn(key, m.group(5), m.start(5), found, 2);
                        }
                    }
                }
            }
            if (hasFallback) {
                Matcher m = FALLBACK.matcher(line).region(from, to);
                while (m.find()) {
                    String key = m.group(2) != null ? m.group(2) : m.group(3);
                    if (m.group(2) != null && (!readsConfig(line, m.start())
                            || REQUEST_READ.matcher(line.substring(Math.max(0, m.start() - 60), m.start())).find())
                            || m.group(4) != null && !OR_CALL.matcher(line).find()) {
                        // (a request's header, form field or query parameter is input, not configuration)
                        continue;
                    }
                    if (rules.secretKeys().isSecretKey(key) && !isReference(m.group(6))) {
                        if (m.group(6).isEmpty()) {
                            emptyDefault(key, m.start(6), found);
                        } else {
                            valueRulesOn(key, m.group(6), m.start(6), found, 2);
                        }
                    }
                }
            }
        }

        /**
         * An empty default in deployable code ({@code os.getenv("DB_PASSWORD", "")}, {@code ?? ""},
         * Spring {@code ${DB_PASSWORD:}}): when nothing is set, the program runs with an empty secret.
         */
        private void emptyDefault(String key, int at, List<Candidate> found) {
            // NEXT_PUBLIC_*, VITE_*, REACT_APP_* are built into the browser bundle: optional, never secret
            if (emptyRule != null && !kind.expectsStandIns() && !translations && !PUBLIC_ENV.matcher(key).lookingAt()) {
                found.add(new Candidate(emptyRule, at, at, "", key, 2, true));
            }
        }

        /**
         * Windows [start, end) around the key words that are quoted names or follow "env.", merged; the whole
         * line when the key words' positions are unknown (a segment that is not ASCII).
         */
        private int[] keyWindows(String line) {
            int n = line.length();
            if (!segAscii) {
                return new int[] {0, n};
            }
            int[] out = new int[nHits * 2];
            int k = 0;
            for (int h = 0; h < nHits; h++) {
                int end = hitEnds[h] - segStart;
                int start = end - keywordText[hitIds[h]].length();
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
        private int defaultShapes(String line, int from, int to) {
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
        private void fallbacks(String key, Matcher m, List<Candidate> found, boolean sentinel) {
            if (key == null || !rules.secretKeys().isSecretKey(key)) {
                return;
            }
            while (m.find()) {
                String v = m.group(2);
                if (isReference(v)) {
                    continue;
                }
                int before = found.size();
                valueRulesOn(key, v, m.start(2), found, 2);
                if (sentinel && found.size() == before && markerRule != null && !v.isBlank()) {
                    found.add(new Candidate(markerRule, m.start(2), m.end(2), v, key, 2));
                }
            }
        }

        /** {@code ${VAR:-default}}, {@code ${VAR-default}}, {@code ${VAR:=default}}, Spring {@code ${key:default}}. */
        void shellDefault(String line, int nameStart, List<Candidate> found) {
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
                emptyDefault(name, p, found); // Spring ${db.password:}; shell ${X:-} means "may be unset"
            } else if (!v.isEmpty() && !isReference(v)) {
                valueRulesOn(name, v, p, found, 2);
            }
        }

        void urls(String line, List<Candidate> found) {
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
                String key = keyBefore(line, m.start());
                boolean interpolated = pw.startsWith("{") && (line.contains("f\"") || line.contains("f'")
                        || line.contains(".format(") || line.contains("${") || line.contains("`"));
                if (interpolated) {
                    continue;
                }
                if (isPlaceholderPassword(user, pw)) {
                    if (urlPlaceholderRule != null) {
                        found.add(new Candidate(urlPlaceholderRule, m.start(3), m.end(3), pw, key, 1));
                    }
                } else if (urlSecretRule != null && pw.length() >= 6 && entropy(pw) >= 2.5
                        && !looksFake(pw)) {
                    found.add(new Candidate(urlSecretRule, m.start(3), m.end(3), pw, key, 1));
                }
            }
        }

        boolean isPlaceholderPassword(String user, String pw) {
            String p = pw.toLowerCase(Locale.ROOT);
            if (p.equals(user.toLowerCase(Locale.ROOT)) || p.equals("pass") || p.equals("password") || p.equals("passwd")
                    || p.equals("pwd") || p.equals("secret") || (pw.startsWith("{") && pw.endsWith("}"))) {
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

        void lineRule(Rule rule, String line, List<Candidate> found) {
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
                    if (!pemBodyFollows(line.substring(m.end(g)))) {
                        continue;
                    }
                } else if (rule.kind().equals(Rule.PLACEHOLDER)) {
                    // a stand-in literal: it must be used as a value, not offered as a hint or listed as data
                    if (translations || !usedAsValue(line, m.start())) {
                        continue;
                    }
                } else if (looksFake(v) || entropy(v) < rule.minEntropy()) {
                    continue;
                }
                // a placeholder line rule yields to the value rules, which know the key
                found.add(new Candidate(rule, m.start(g), m.end(g), v, keyBefore(line, m.start(g)),
                        rule.kind().equals(Rule.PLACEHOLDER) ? 3 : 0));
            }
        }

        /**
         * Whether a literal that starts at {@code pos} is passed to a call ({@code Fernet(b'…')}), returned or
         * used as a fallback, or assigned to a key that carries a secret; not when it is a UI hint
         * ({@code placeholder="…"}) or an element of a list.
         */
        boolean usedAsValue(String line, int pos) {
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
                String key = keyBefore(line, pos);
                return key != null && rules.secretKeys().isSecretKey(key);
            }
            return false;
        }

        boolean pemBodyFollows(String restOfLine) {
            int from = segEnd;
            String after = restOfLine + "\n" + new String(buf, from, Math.min(400, len - from), StandardCharsets.ISO_8859_1);
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

    // ---------------------------------------------------------------------- lexing

    private static boolean keyByte(byte b) {
        return b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b >= '0' && b <= '9' || b == '_' || b == '-' || b == '.';
    }

    /** Key characters: letters, digits, _ . - and ':' between two name parts (Pulumi "project:key"). */
    static boolean keyChar(String line, int i) {
        char c = line.charAt(i);
        if (Character.isLetterOrDigit(c) || c == '_' || c == '.' || c == '-') {
            return true;
        }
        return c == ':' && i > 0 && i + 1 < line.length() && Character.isLetterOrDigit(line.charAt(i - 1))
                && (Character.isLetter(line.charAt(i + 1)) || line.charAt(i + 1) == '_');
    }

    private static boolean typeChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '.' || c == '[' || c == ']' || c == '|' || c == '<'
                || c == '>' || c == '?';
    }

    private static int skipBlanks(String line, int p) {
        while (p < line.length() && (line.charAt(p) == ' ' || line.charAt(p) == '\t')) {
            p++;
        }
        return p;
    }

    /** Whether position {@code pos} lies inside a quoted string that starts earlier on the line. */
    static boolean insideQuotes(String line, int pos) {
        char open = 0;
        for (int i = 0; i < pos && i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '\\') {
                i++;
            } else if (open == 0 && (c == '"' || c == '\'' || c == '`')) {
                open = c;
            } else if (c == open) {
                open = 0;
            }
        }
        return open != 0;
    }

    private static int words(String t) {
        int n = 0;
        boolean in = false;
        for (int i = 0; i < t.length(); i++) {
            boolean ws = Character.isWhitespace(t.charAt(i));
            if (!ws && !in) {
                n++;
            }
            in = !ws;
        }
        return n;
    }

    private static boolean endsWithIgnoreCase(String s, String suffix) {
        return s.regionMatches(true, s.length() - suffix.length(), suffix, 0, suffix.length());
    }

    /** {@code kw} is lower-case ASCII; finds it in {@code s} ignoring ASCII case, without allocating. */
    static int indexOfIgnoreCase(String s, String kw, int from) {
        char c0 = kw.charAt(0);
        char u0 = c0 >= 'a' && c0 <= 'z' ? (char) (c0 - 32) : c0;
        int max = s.length() - kw.length();
        for (int i = from; i <= max; i++) {
            char c = s.charAt(i);
            if ((c == c0 || c == u0) && s.regionMatches(true, i + 1, kw, 1, kw.length() - 1)) {
                return i;
            }
        }
        return -1;
    }

    /** Lower-cases ASCII letters only, so that indexes in the result are indexes in the input. */
    static String asciiLower(String s) {
        char[] out = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= 'A' && c <= 'Z') {
                if (out == null) {
                    out = s.toCharArray();
                }
                out[i] = (char) (c + 32);
            }
        }
        return out == null ? s : new String(out);
    }

    // ---------------------------------------------------------------------- value tests

    /** Letters and digits only, lower-cased: "ERROR_MISSING_PASSWORD" → "errormissingpassword". */
    static String lettersLower(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isLetterOrDigit(c)) {
                b.append(Character.toLowerCase(c));
            }
        }
        return b.toString();
    }

    static String unquote(String v) {
        if (v.length() >= 2 && (v.charAt(0) == '"' || v.charAt(0) == '\'') && v.charAt(v.length() - 1) == v.charAt(0)) {
            return v.substring(1, v.length() - 1);
        }
        return v;
    }

    /** A value that names where the secret lives instead of being the secret. */
    static boolean isReference(String v) {
        String t = v.strip();
        if (t.startsWith("$") || t.contains("${") || t.contains("$(") || t.contains("{{") || t.startsWith("<%")
                || t.startsWith("#{") || t.startsWith("%(") || t.contains("fn::") || t.startsWith("!")) {
            return true;
        }
        String l = t.toLowerCase(Locale.ROOT);
        return l.startsWith("/run/secrets") || l.startsWith("/var/run/secrets") || l.startsWith("vault:")
                || l.startsWith("ref+") || l.startsWith("sm://") || l.startsWith("op://") || l.startsWith("arn:aws:")
                || l.startsWith("projects/") || l.startsWith("secrets.") || l.startsWith("env.")
                || l.startsWith("vars.") || l.startsWith("process.env") || l.startsWith("os.environ")
                || l.startsWith("os.getenv") || l.startsWith("system.getenv") || l.startsWith("env[")
                || l.startsWith("akv://") || l.startsWith("keyvault:") || l.startsWith("file:")
                || l.startsWith("secretref:") || l.startsWith("azurekeyvault");
    }

    /** Documentation-style stand-ins inside an otherwise well-formed value (AKIAIOSFODNN7EXAMPLE, sk_live_xxxx). */
    static boolean looksFake(String v) {
        String l = asciiLower(v);
        for (String mark : FAKE_MARKS) {
            if (l.contains(mark)) {
                return true;
            }
        }
        return false;
    }

    static boolean pathLike(String v) {
        if (v.startsWith("/") || v.startsWith("./") || v.startsWith("../") || v.startsWith("~/")
                || v.length() > 2 && v.charAt(1) == ':' && v.charAt(2) == '\\') {
            return true;
        }
        int dot = v.lastIndexOf('.');
        return dot > 0 && FILE_EXTENSIONS.contains(asciiLower(v.substring(dot + 1)));
    }

    static boolean looksLikeSecret(String v, Rule rule) {
        int n = v.length();
        if (n < Math.max(8, rule.minLength()) || n > 500) {
            return false;
        }
        boolean lower = false, upper = false, digit = false, symbol = false;
        for (int i = 0; i < n; i++) {
            char c = v.charAt(i);
            if (Character.isWhitespace(c) || c > 127) {
                // secrets are ASCII; "Contraseña" under a password key is a translated label
                return false;
            } else if (c >= 'a' && c <= 'z') {
                lower = true;
            } else if (c >= 'A' && c <= 'Z') {
                upper = true;
            } else if (c >= '0' && c <= '9') {
                digit = true;
            } else {
                symbol = true;
            }
        }
        if (!(digit && (lower || upper)) && !(lower && upper && (n >= 16 || symbol))) {
            return false;
        }
        if (v.contains("://") || v.contains("@") && v.contains(".") && v.indexOf('@') > 0 && !v.contains("+")
                || pathLike(v) || isReference(v) || looksFake(v)) {
            return false;
        }
        if (CAMEL_WORDS.matcher(v).matches()) {
            return false;
        }
        String[] parts = IDENT_SEPARATORS.split(v);
        if (parts.length >= 2) {
            boolean allWords = true;
            for (String p : parts) {
                if (!p.isEmpty() && !IDENT_PART.matcher(p).matches() && !CAMEL_WORDS.matcher(p).matches()) {
                    allWords = false;
                    break;
                }
            }
            if (allWords) {
                return false;
            }
        }
        return entropy(v) >= rule.minEntropy();
    }

    /** Base64 text that decodes to printable ASCII, or null. */
    static String decodeBase64(String v) {
        byte[] d;
        try {
            d = java.util.Base64.getDecoder().decode(v);
        } catch (IllegalArgumentException e) {
            return null;
        }
        if (d.length == 0) {
            return null;
        }
        for (byte b : d) {
            if (b < 0x20 || b > 0x7e) {
                return null;
            }
        }
        return new String(d, StandardCharsets.ISO_8859_1);
    }

    static int indexOf(byte[] buf, int len, byte[] p) {
        outer:
        for (int i = 0; i + p.length <= len; i++) {
            for (int k = 0; k < p.length; k++) {
                if (buf[i + k] != p[k]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    /** Shannon entropy in bits per character. */
    static double entropy(String s) {
        if (s.isEmpty()) {
            return 0;
        }
        int[] counts = new int[128];
        java.util.Map<Character, Integer> other = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 128) {
                counts[c]++;
            } else {
                if (other == null) {
                    other = new java.util.HashMap<>();
                }
                other.merge(c, 1, Integer::sum);
            }
        }
        double h = 0;
        double n = s.length();
        for (int c : counts) {
            if (c > 0) {
                double p = c / n;
                h -= p * Math.log(p) / Math.log(2);
            }
        }
        if (other != null) {
            for (int c : other.values()) {
                double p = c / n;
                h -= p * Math.log(p) / Math.log(2);
            }
        }
        return h;
    }
}
