package dev.zerofail.scan;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Decides whether a key name (OPENAI_API_KEY, apiKey, spring.datasource.password) carries a
 * secret. Keys are split into lower-case words; word lists come from the rules file.
 */
public final class SecretKeys {
    private final Set<String> words;
    private final Set<String> pairs;
    private final Set<String> notSecretSuffixes;
    private final Set<String> secretDespiteSuffix;

    public SecretKeys(Set<String> words, Set<String> pairs, Set<String> notSecretSuffixes,
            Set<String> secretDespiteSuffix) {
        this.words = Set.copyOf(words);
        this.pairs = Set.copyOf(pairs);
        this.notSecretSuffixes = Set.copyOf(notSecretSuffixes);
        this.secretDespiteSuffix = Set.copyOf(secretDespiteSuffix);
    }

    /** The four word lists, in constructor order (for {@link CompiledRules}). */
    List<Set<String>> lists() {
        return List.of(words, pairs, notSecretSuffixes, secretDespiteSuffix);
    }

    private static final Set<String> ROTATION_WORDS = Set.of("current", "previous", "prev", "old", "new", "next",
            "secondary", "v1", "v2", "v3", "b64", "base64", "hex", "raw");
    private static final Set<String> FIELD_KEY_WORDS = Set.of("password", "passwd", "pwd", "token", "user",
            "username");

    /** Key names repeat across files; deciding costs a split and several lookups, so remember it. */
    private final java.util.concurrent.ConcurrentHashMap<String, Boolean> decided =
            new java.util.concurrent.ConcurrentHashMap<>();
    private static final int MAX_REMEMBERED = 100_000;

    public boolean isSecretKey(String key) {
        Boolean known = decided.get(key);
        if (known != null) {
            return known;
        }
        boolean result = decide(key);
        if (decided.size() < MAX_REMEMBERED) {
            decided.put(key, result);
        }
        return result;
    }

    private boolean decide(String key) {
        List<String> w = split(key);
        if (w.isEmpty()) {
            return false;
        }
        int n = w.size();
        if (n >= 2 && ROTATION_WORDS.contains(w.get(n - 1))) {
            // FERNET_KEY_CURRENT, JWT_SECRET_PREVIOUS, SIGNING_KEY_V2: the same secret, one of its versions
            return decide(String.join("_", w.subList(0, n - 1)));
        }
        String last = w.get(n - 1);
        if (n >= 2 && w.get(0).equals("existing")) {
            // Helm's existingSecret, existingPasswordSecret: the name of a Kubernetes Secret to read
            return false;
        }
        if (n >= 2 && pairs.contains(w.get(n - 2) + " " + last)) {
            return true;
        }
        if (n >= 3 && secretDespiteSuffix.contains(w.get(n - 3) + " " + w.get(n - 2) + " " + last)) {
            return true;
        }
        if (n > 1 && notSecretSuffixes.contains(last)) {
            return false;
        }
        if (last.equals("key") && n >= 2 && FIELD_KEY_WORDS.contains(w.get(n - 2))) {
            // adminPasswordKey, existingSecretPasswordKey: the name of an entry inside a Secret, not a key
            return false;
        }
        if (last.equals("key")) {
            // STRIPE_KEY, SEGMENT_WRITE_KEY: a key that ends in "key" holds one, unless it says what kind of
            // non-secret key it is (cache key, sort key, public key…).
            return n == 1 || !notSecretSuffixes.contains(w.get(n - 2));
        }
        for (int i = 0; i < n; i++) {
            String word = w.get(i);
            if (words.contains(word) || endsWithStrongWord(word)) {
                return true;
            }
            if (i + 1 < n && pairs.contains(word + " " + w.get(i + 1))) {
                return true;
            }
        }
        return false;
    }

    /** A key whose only evidence is the bare word "key" (i18n and cache keys use it too): placeholders only. */
    public boolean isWeakSecretKey(String key) {
        List<String> w = split(key);
        return w.size() == 1 && w.get(0).equals("key");
    }

    /**
     * A key that holds a password (DB_PASSWORD, PGPASSWORD, redisPass) or the secret half of an access key pair
     * (S3_SECRET_KEY, AWS_SECRET_ACCESS_KEY, MINIO_ACCESS_KEY): the keys a weak default credential is set on.
     */
    public boolean isPasswordKey(String key) {
        if (!isSecretKey(key)) {
            return false;
        }
        List<String> w = split(key);
        for (String x : w) {
            if (x.equals("password") || x.equals("passwd") || x.equals("pwd") || x.equals("pass")
                    || x.equals("passphrase") || x.length() > 8 && (x.endsWith("password") || x.endsWith("passwd"))) {
                return true;
            }
        }
        int n = w.size();
        return n >= 2 && w.get(n - 1).equals("key") && (w.get(n - 2).equals("secret") || w.get(n - 2).equals("access"));
    }

    /** A key for a salt or a hash (salt, password_salt, hashedPassword): in test data these are not credentials. */
    public boolean isHashKey(String key) {
        for (String x : split(key)) {
            if (x.equals("salt") || x.equals("hashed") || x.equals("hash") || x.equals("digest") || x.equals("encrypted")
                    || x.equals("crypted")) {
                return true;
            }
        }
        return false;
    }

    /** PGPASSWORD, MYSQLPWD-style run-together names. */
    private static boolean endsWithStrongWord(String word) {
        return word.length() > 8 && (word.endsWith("password") || word.endsWith("passwd") || word.endsWith("secret")
                || word.endsWith("apikey") || word.endsWith("token") && !word.endsWith("csrftoken"));
    }

    /** {@code OPENAI_API_KEY} → [openai, api, key]; {@code apiKey} → [api, key]; {@code APIKey} → [api, key]. */
    static List<String> split(String key) {
        List<String> out = new ArrayList<>(6);
        StringBuilder cur = new StringBuilder();
        int len = key.length();
        for (int i = 0; i < len; i++) {
            char c = key.charAt(i);
            if (!Character.isLetterOrDigit(c)) {
                flush(out, cur);
                continue;
            }
            if (Character.isUpperCase(c) && cur.length() > 0) {
                char prev = key.charAt(i - 1);
                boolean nextLower = i + 1 < len && Character.isLowerCase(key.charAt(i + 1));
                if (Character.isLowerCase(prev) || Character.isDigit(prev) || (Character.isUpperCase(prev) && nextLower)) {
                    flush(out, cur);
                }
            }
            cur.append(c);
        }
        flush(out, cur);
        return out;
    }

    private static void flush(List<String> out, StringBuilder cur) {
        if (cur.length() > 0) {
            out.add(cur.toString().toLowerCase(Locale.ROOT));
            cur.setLength(0);
        }
    }
}
