package dev.zerofail.secrets;

import dev.zerofail.core.AtomicFiles;
import dev.zerofail.core.DotEnv;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** A dotenv file as a target (for {@code docker compose --env-file}, say): rewritten whole, atomically, mode 0600. */
public final class DotenvStore implements SecretStore {
    static final String HEADER = "# Written by 'zerofail secrets sync'. Holds secret values: mode 0600, never commit it.\n";
    private final Path file;
    private final Path root;

    public DotenvStore(Path file) {
        this(file, Path.of("").toAbsolutePath());
    }

    /** {@code root}: the repository; a file under it must not lead out of it through a symlink. */
    public DotenvStore(Path file, Path root) {
        this.file = file;
        this.root = root;
    }

    public Path file() {
        return file;
    }

    @Override
    public String kind() {
        return "dotenv";
    }

    @Override
    public String describe() {
        return "dotenv file " + file;
    }

    @Override
    public KeyBy keyBy() {
        return KeyBy.ENV;
    }

    @Override
    public boolean readsValues() {
        return true;
    }

    @Override
    public Map<String, Stored> read(Collection<String> keys) {
        Map<String, Stored> out = new LinkedHashMap<>();
        if (!Files.exists(file)) {
            return out;
        }
        DotEnv.read(file).forEach((k, v) -> out.put(k, new Stored(k, null, v)));
        return out;
    }

    @Override
    public void write(Map<String, String> set, Set<String> delete, Progress progress) {
        if (set.isEmpty() && delete.isEmpty()) {
            return;
        }
        Map<String, String> all = new LinkedHashMap<>(Files.exists(file) ? DotEnv.read(file) : Map.of());
        all.putAll(set);
        delete.forEach(all::remove);
        StringBuilder sb = new StringBuilder(HEADER);
        all.forEach((k, v) -> sb.append(k).append('=').append(quote(v)).append('\n'));
        AtomicFiles.writePrivate(root, file, sb.toString().getBytes(StandardCharsets.UTF_8));
        progress.line("dotenv: wrote " + set.size() + " value(s), removed " + delete.size() + " in " + file);
    }

    /** Single quotes are literal (no $ interpolation in compose); double quotes only for what they cannot hold. */
    static String quote(String v) {
        if (v.indexOf('\'') < 0 && v.indexOf('\n') < 0 && v.indexOf('\r') < 0) {
            return "'" + v + "'";
        }
        StringBuilder sb = new StringBuilder("\"");
        for (char c : v.toCharArray()) {
            switch (c) {
                case '\\' -> sb.append("\\\\");
                case '"' -> sb.append("\\\"");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> sb.append(c);
            }
        }
        return sb.append('"').toString();
    }
}
