package dev.zerofail.secrets;

import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The secret values (and store tokens) one run knows about, so that anything quoted back from a
 * server, a daemon or a child process can be scrubbed before it reaches a message.
 */
public final class Redactor {
    /** Shorter values would mask ordinary words; they are never shown anyway. */
    static final int MIN_LENGTH = 4;
    private final Set<String> values = ConcurrentHashMap.newKeySet();

    public Redactor add(String value) {
        if (value != null && value.length() >= MIN_LENGTH) {
            values.add(value);
        }
        return this;
    }

    public Redactor addAll(java.util.Collection<String> vs) {
        vs.forEach(this::add);
        return this;
    }

    /** Longest first, so that a value containing another is masked whole. */
    public List<String> values() {
        return values.stream().sorted(Comparator.comparingInt(String::length).reversed().thenComparing(s -> s)).toList();
    }

    public String scrub(String text) {
        if (text == null) {
            return null;
        }
        String out = text;
        List<String> all = values();
        for (String v : all) {
            if (out.contains(v)) {
                out = out.replace(v, dev.zerofail.core.Masking.mask(v, all));
            }
        }
        return out;
    }
}
