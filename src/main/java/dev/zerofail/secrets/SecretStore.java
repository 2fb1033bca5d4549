package dev.zerofail.secrets;

import java.util.Collection;
import java.util.Map;
import java.util.Set;

/**
 * A place secrets are kept, addressed by the store's own key for each secret (ESC: the manifest
 * path; GitHub and Swarm: the canonical name; dotenv: the runtime variable). Values pass through
 * but are never put into messages.
 */
public interface SecretStore extends AutoCloseable {
    /** Which manifest field is the key of a secret in this store. */
    enum KeyBy { NAME, PATH, ENV }

    /**
     * What the store holds for one key: the value where the store returns it, else a fingerprint
     * where the store keeps one (Swarm labels), else neither (GitHub: the name only).
     */
    record Stored(String key, String fingerprint, String value) {
        @Override
        public String toString() {
            return key + (fingerprint == null ? "" : " " + fingerprint);
        }
    }

    /** {@code esc}, {@code github}, {@code swarm} or {@code dotenv}. */
    String kind();

    /** For people: "Pulumi ESC acme/platform/prod", "GitHub repository acme/platform". */
    String describe();

    KeyBy keyBy();

    /** True when {@link #read} returns values, false when only names (and maybe fingerprints). */
    boolean readsValues();

    /** What the store holds for these keys, plus any others it knows it manages (for "removed"). */
    Map<String, Stored> read(Collection<String> keys);

    /** Sets and deletes in one go where the store allows it; nothing is half-applied on a rejected request. */
    void write(Map<String, String> set, Set<String> delete, Progress progress);

    @Override
    default void close() {
    }

    /** Progress lines ("rotated OPENAI_API_KEY → acme_OPENAI_API_KEY_v2") for standard error. */
    interface Progress {
        Progress NONE = line -> { };

        void line(String message);
    }

    /** The one fingerprint of a secret's value, as in {@link Verdict#fingerprint()}: plans, Swarm labels, verify. */
    static String fingerprint(String name, String value) {
        return value == null ? null : dev.zerofail.core.Fingerprints.of(name, value);
    }
}
