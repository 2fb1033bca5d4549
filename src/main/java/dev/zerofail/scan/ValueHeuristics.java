package dev.zerofail.scan;

import static dev.zerofail.scan.AssignmentLexer.asciiLower;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/** Tests on one value, without its file: is it a reference, a path, an identifier, random enough to be a secret? */
final class ValueHeuristics {
    private ValueHeuristics() {
    }

    static final Pattern STAND_IN_WORD = Pattern.compile(
            "dev|test|local|example|dummy|fake|sample|demo|default|insecure|change|my|your|super|placeholder|replace");
    private static final Pattern IDENT_SEPARATORS = Pattern.compile("[-_.:]");
    private static final Pattern IDENT_PART = Pattern.compile("(?:[a-z]+|[A-Z]+|[A-Z][a-z]+)\\d{0,3}|\\d{1,3}|v\\d+");
    /** A call such as {@code normTool(configKey);}: script embedded in YAML (a workflow's github-script step); the lexer may have cut it at the closing parenthesis. */
    private static final Pattern CALL = Pattern.compile("[A-Za-z_$][\\w$.]*\\([\\w$.,'\"]*\\)?;?");
    private static final Pattern CAMEL_WORDS = Pattern.compile("[A-Za-z][a-z]+(?:[A-Z][a-z]+)+");
    private static final Set<String> FILE_EXTENSIONS = Set.of("pem", "key", "crt", "cer", "json", "yaml", "yml", "txt",
            "env", "p12", "pfx", "jks", "der", "pub", "conf", "cfg", "ini", "toml", "gpg", "asc");

    /**
     * Whether a value in code is a name built from its own key: {@code SECRET = "secret"},
     * {@code ERROR_MISSING_PASSWORD = "missing-password"}, {@code 'password': 'controller_password'}.
     * Not when the extra words make it a stand-in ({@code "jwt-secret-dev"}), nor for SECRET_KEY =
     * "secret-key", which is the same words written as a value.
     */
    static boolean namesItself(String key, String v) {
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

    static boolean pathLike(String v) {
        if (v.startsWith("/") || v.startsWith("./") || v.startsWith("../") || v.startsWith("~/")
                || v.length() > 2 && v.charAt(1) == ':' && v.charAt(2) == '\\') {
            return true;
        }
        int dot = v.lastIndexOf('.');
        return dot > 0 && FILE_EXTENSIONS.contains(asciiLower(v.substring(dot + 1)));
    }

    static boolean looksLikeSecret(String v, Rule rule, Vocabulary vocab) {
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
                || pathLike(v) || isReference(v) || vocab.looksFake(v)) {
            return false;
        }
        if (CAMEL_WORDS.matcher(v).matches() || CALL.matcher(v).matches()) {
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
