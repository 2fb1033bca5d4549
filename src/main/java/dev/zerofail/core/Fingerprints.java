package dev.zerofail.core;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;
import java.util.function.Supplier;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Fingerprints of anything derived from a secret value (a secret, a deployment spec): the first 16
 * hex characters of HMAC-SHA256 under a per-repository key, so a fingerprint seen in a CI log, a
 * Swarm label or a report cannot be checked against guessed values offline. The key comes from
 * {@code ZEROFAIL_FINGERPRINT_KEY} (set it from a CI secret, so every runner's fingerprints agree),
 * else {@code .zerofail/fingerprint.key}, created on first use (0600, atomically). One zerofail run
 * works on one repository, so the key is process-wide; before {@link #useRepository} it is a
 * random key of this process, never none.
 */
public final class Fingerprints {
    public static final String KEY_ENV = "ZEROFAIL_FINGERPRINT_KEY";
    public static final String KEY_FILE = ".zerofail/fingerprint.key";
    private static final int MIN_ENV_KEY = 16;
    private static volatile byte[] key = random();
    /** Set by {@link #useRepository}: the key is read or created on the first fingerprint, not before. */
    private static volatile Supplier<byte[]> pending;

    private Fingerprints() {
    }

    private static volatile boolean created;

    /** Uses the repository's key from now on: {@link #KEY_ENV}, else {@link #KEY_FILE} under {@code root}. */
    public static void useRepository(Path root, Map<String, String> env) {
        created = false;
        Map<String, String> copy = Map.copyOf(env);
        String fromEnv = copy.get(KEY_ENV);
        if (fromEnv != null && !fromEnv.isEmpty()) {
            key = keyFor(root, copy); // a bad variable is an error at once
            pending = null;
        } else {
            pending = () -> keyFor(root, copy);
        }
    }

    /**
     * Prefers a key kept where the fingerprints are compared (the Swarm whose labels carry them) over
     * the repository's key file, so every runner that deploys to one Swarm agrees without set-up. It
     * takes effect only when {@link #KEY_ENV} is not set and no fingerprint was made yet in this run
     * (one run never mixes keys); when {@code shared} fails, the key file is used as before.
     */
    public static synchronized void preferShared(Path root, Map<String, String> env, Supplier<byte[]> shared) {
        if (pending == null) {
            return;
        }
        Map<String, String> copy = Map.copyOf(env);
        pending = () -> {
            try {
                return shared.get();
            } catch (RuntimeException e) {
                return keyFor(root, copy);
            }
        };
    }

    private static synchronized byte[] key() {
        Supplier<byte[]> p = pending;
        if (p != null) {
            key = p.get();
            pending = null;
        }
        return key;
    }

    /**
     * Whether the last {@link #useRepository} had to create the key file: then no fingerprint made
     * before (a Swarm label of an earlier CI run) can match, and a CI job should set {@link #KEY_ENV}.
     */
    public static boolean keyCreated() {
        return created;
    }

    static byte[] keyFor(Path root, Map<String, String> env) {
        String fromEnv = env.get(KEY_ENV);
        if (fromEnv != null && !fromEnv.isEmpty()) {
            if (fromEnv.length() < MIN_ENV_KEY) {
                throw ZerofailException.usage(KEY_ENV, KEY_ENV + " is too short (" + fromEnv.length() + " characters)",
                        "set it to at least " + MIN_ENV_KEY + " random characters, e.g. openssl rand -hex 32");
            }
            return fromEnv.getBytes(StandardCharsets.UTF_8);
        }
        return loadOrCreate(root.resolve(KEY_FILE), root);
    }

    /** Reads the key file, or creates it: a temp file (0600) hard-linked into place, so two runs agree on one key. */
    static byte[] loadOrCreate(Path file, Path root) {
        try {
            if (Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
                return read(file);
            }
            AtomicFiles.requireInside(root, file);
            Path dir = file.getParent();
            if (!Files.isDirectory(dir)) {
                Files.createDirectories(dir);
            }
            Path ignore = dir.resolve(".gitignore");
            if (!Files.exists(ignore, LinkOption.NOFOLLOW_LINKS)) {
                // the key must not reach the repository, where every reader of the CI logs could fetch it
                AtomicFiles.write(root, ignore, "fingerprint.key\nhistory.db*\n");
            }
            Path tmp = Files.createTempFile(dir, ".fingerprint.key.", ".tmp",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            try {
                Files.writeString(tmp, HexFormat.of().formatHex(random()) + "\n");
                Files.createLink(file, tmp);
                created = true;
            } catch (FileAlreadyExistsException raced) {
                // another run created it first: use that one
            } finally {
                Files.deleteIfExists(tmp);
            }
            return read(file);
        } catch (IOException e) {
            throw new ZerofailException(ExitCode.USAGE, file.toString(), "cannot read or create the fingerprint key: "
                    + e.getClass().getSimpleName(), "check that .zerofail/ is writable, or set " + KEY_ENV, e);
        }
    }

    private static byte[] read(Path file) throws IOException {
        if (Files.isSymbolicLink(file) || !Files.isRegularFile(file)) {
            throw ZerofailException.usage(file.toString(), "the fingerprint key is not a regular file",
                    "remove it; zerofail creates a new one");
        }
        String hex = Files.readString(file, StandardCharsets.US_ASCII).strip();
        try {
            byte[] k = HexFormat.of().parseHex(hex);
            if (k.length < 16) {
                throw new IllegalArgumentException("short");
            }
            return k;
        } catch (IllegalArgumentException e) {
            throw ZerofailException.usage(file.toString(), "the fingerprint key is not 32+ hex characters",
                    "remove it; zerofail creates a new one (fingerprints of stored values then change once)");
        }
    }

    private static byte[] random() {
        byte[] b = new byte[32];
        new SecureRandom().nextBytes(b);
        return b;
    }

    /** What follows a masked value in a stored deployment spec ({@code …(14 chars)#TAG}), so a rollback finds the value. */
    public static String envTag(String value) {
        return of("zerofail.history.env", value);
    }

    /** The keyed fingerprint of the parts, separated so that ("ab","c") != ("a","bc"). */
    public static String of(String... parts) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key(), "HmacSHA256"));
            for (String p : parts) {
                mac.update((p == null ? "" : p).getBytes(StandardCharsets.UTF_8));
                mac.update((byte) 0);
            }
            return HexFormat.of().formatHex(mac.doFinal(), 0, 8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is always present", e);
        }
    }
}
