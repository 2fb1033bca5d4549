package dev.zerofail.secrets;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class SyncTest {
    static final SecretValidator VALIDATOR = SecretValidator.defaults();
    static final SecretSpec DB = spec("DATABASE_URL", List.of("*"), "url", null);
    static final SecretSpec JWT = spec("JWT_SECRET", List.of("prod"), null, "^[0-9a-f]{32,}$");
    static final SecretSpec SENTRY = spec("SENTRY_DSN", List.of(), null, null);
    static final List<SecretSpec> SPECS = List.of(DB, JWT, SENTRY);
    static final String DB_URL = "postgres://app:Xw9tT3kP0qa77LmNzz@db.internal:5432/app";
    static final String JWT_VALUE = "4f1c0d0e9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d";

    static SecretSpec spec(String name, List<String> required, String format, String regex) {
        return new SecretSpec(name, "app." + name.toLowerCase(), name, "general", "", required, true, format,
                regex == null ? null : Pattern.compile(regex), List.of(), "zerofail.yaml:3 secrets.manifest[0]");
    }

    static Sync.Result sync(Map<String, String> values, SecretStore store, Sync.Options o) {
        return Sync.run(SPECS, values, store, VALIDATOR, o, SecretStore.Progress.NONE);
    }

    @Test
    void addsThenChangesNothingOnTheSecondRun() {
        MemoryStore store = new MemoryStore(true);
        Map<String, String> values = Map.of("DATABASE_URL", DB_URL, "JWT_SECRET", JWT_VALUE);
        Sync.Result first = sync(values, store, new Sync.Options("prod", false, false, false));
        assertThat(first.blocking()).isEmpty();
        assertThat(first.count(Sync.Change.ADDED)).isEqualTo(2);
        assertThat(first.count(Sync.Change.SKIPPED)).as("optional and not set").isEqualTo(1);
        assertThat(store.data).containsOnlyKeys("DATABASE_URL", "JWT_SECRET");
        Sync.Result second = sync(values, store, new Sync.Options("prod", false, false, false));
        assertThat(second.count(Sync.Change.UNCHANGED)).isEqualTo(2);
        assertThat(second.hasWrites()).isFalse();
        assertThat(store.writes).hasSize(1);
    }

    @Test
    void aChangedValueIsShownByFingerprintAndWritten() {
        MemoryStore store = new MemoryStore(true);
        store.data.put("DATABASE_URL", "postgres://app:old-password-123@db:5432/app");
        Sync.Result r = sync(Map.of("DATABASE_URL", DB_URL, "JWT_SECRET", JWT_VALUE), store,
                new Sync.Options("prod", false, false, false));
        Sync.Item db = r.items().stream().filter(i -> i.name().equals("DATABASE_URL")).findFirst().orElseThrow();
        assertThat(db.change()).isEqualTo(Sync.Change.CHANGED);
        assertThat(db.oldFingerprint()).hasSize(16).isNotEqualTo(db.newFingerprint());
        assertThat(store.data.get("DATABASE_URL")).isEqualTo(DB_URL);
    }

    @Test
    void aRequiredPlaceholderBlocksEveryWriteUnlessPartialIsAllowed() {
        MemoryStore store = new MemoryStore(true);
        Map<String, String> values = Map.of("DATABASE_URL", DB_URL, "JWT_SECRET", "your-jwt-secret-here");
        Sync.Result refused = sync(values, store, new Sync.Options("prod", false, false, false));
        assertThat(refused.written()).isFalse();
        assertThat(refused.blocking()).extracting(v -> v.spec().name()).containsExactly("JWT_SECRET");
        assertThat(refused.blocking().get(0).status()).isEqualTo(Verdict.Status.PLACEHOLDER);
        assertThat(refused.blocking().get(0).reason()).doesNotContain("your-jwt-secret-here");
        assertThat(store.writes).isEmpty();

        Sync.Result partial = sync(values, store, new Sync.Options("prod", false, true, false));
        assertThat(partial.written()).isTrue();
        assertThat(store.data).containsOnlyKeys("DATABASE_URL");
        // JWT_SECRET is only required in prod: in staging the same placeholder is skipped, not blocking
        Sync.Result staging = sync(values, new MemoryStore(true), new Sync.Options("staging", false, false, false));
        assertThat(staging.blocking()).isEmpty();
        assertThat(staging.items()).anyMatch(i -> i.name().equals("JWT_SECRET") && i.change() == Sync.Change.SKIPPED);
    }

    @Test
    void dryRunWritesNothingAndMissingRequiredIsBlocking() {
        MemoryStore store = new MemoryStore(true);
        Sync.Result r = sync(Map.of("JWT_SECRET", JWT_VALUE), store, new Sync.Options("prod", true, false, false));
        assertThat(r.blocking()).extracting(Verdict::status).containsExactly(Verdict.Status.MISSING);
        assertThat(store.writes).isEmpty();
        Sync.Result dry = sync(Map.of("DATABASE_URL", DB_URL, "JWT_SECRET", JWT_VALUE), store,
                new Sync.Options("prod", true, false, false));
        assertThat(dry.hasWrites()).isTrue();
        assertThat(store.writes).isEmpty();
    }

    @Test
    void extraSecretsAreRemovedOnlyWithPrune() {
        MemoryStore store = new MemoryStore(true);
        store.data.put("LEGACY_TOKEN", "legacy-value-1234");
        Map<String, String> values = Map.of("DATABASE_URL", DB_URL, "JWT_SECRET", JWT_VALUE);
        Sync.Result kept = sync(values, store, new Sync.Options("prod", false, false, false));
        assertThat(kept.items()).anyMatch(i -> i.name().equals("LEGACY_TOKEN") && i.change() == Sync.Change.REMOVED
                && i.reason().contains("kept"));
        assertThat(store.data).containsKey("LEGACY_TOKEN");
        sync(values, store, new Sync.Options("prod", false, false, true));
        assertThat(store.data).doesNotContainKey("LEGACY_TOKEN");
    }

    @Test
    void aStoreWithoutValuesIsRewrittenAndSaysWhy() {
        MemoryStore store = new MemoryStore(false);
        store.data.put("DATABASE_URL", "whatever");
        Sync.Result r = sync(Map.of("DATABASE_URL", DB_URL, "JWT_SECRET", JWT_VALUE), store,
                new Sync.Options("prod", false, false, false));
        assertThat(r.items()).anyMatch(i -> i.name().equals("DATABASE_URL") && i.change() == Sync.Change.UNKNOWN);
        assertThat(store.writes.get(0)).containsKeys("DATABASE_URL", "JWT_SECRET");
    }
}
