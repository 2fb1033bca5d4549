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

    public boolean isSecretKey(String key) {
        List<String> w = split(key);
        if (w.isEmpty()) {
            return false;
        }
        int n = w.size();
        if (n >= 3 && secretDespiteSuffix.contains(w.get(n - 3) + " " + w.get(n - 2) + " " + w.get(n - 1))) {
            return true;
        }
        if (n > 1 && notSecretSuffixes.contains(w.get(n - 1))) {
            return false;
        }
        if (n > 1 && notSecretSuffixes.contains(w.get(n - 2) + "_" + w.get(n - 1))) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            if (words.contains(w.get(i))) {
                return true;
            }
            if (i + 1 < n && pairs.contains(w.get(i) + " " + w.get(i + 1))) {
                return true;
            }
        }
        return false;
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
