package dev.zerofail.secrets;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** A store in memory that records every write, for engine tests. */
final class MemoryStore implements SecretStore {
    final Map<String, String> data = new LinkedHashMap<>();
    final List<Map<String, String>> writes = new ArrayList<>();
    final List<Set<String>> deletes = new ArrayList<>();
    final boolean values;

    MemoryStore(boolean values) {
        this.values = values;
    }

    @Override
    public String kind() {
        return values ? "memory" : "names-only";
    }

    @Override
    public String describe() {
        return "memory store";
    }

    @Override
    public KeyBy keyBy() {
        return KeyBy.NAME;
    }

    @Override
    public boolean readsValues() {
        return values;
    }

    @Override
    public Map<String, Stored> read(Collection<String> keys) {
        Map<String, Stored> out = new LinkedHashMap<>();
        data.forEach((k, v) -> out.put(k, new Stored(k, null, values ? v : null)));
        return out;
    }

    @Override
    public void write(Map<String, String> set, Set<String> delete, Progress progress) {
        writes.add(Map.copyOf(set));
        deletes.add(Set.copyOf(delete));
        data.putAll(set);
        delete.forEach(data::remove);
    }
}
