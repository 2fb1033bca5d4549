package dev.zerofail.core;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * {@code zerofail.yaml} at the repository root. Each capability reads its own section from the
 * node ({@link #section}); this class only finds the file and checks the top-level keys.
 */
public final class ZerofailConfig {
    public static final String FILE_NAME = "zerofail.yaml";
    /** Top-level sections known to this version; later capabilities add theirs here. */
    public static final List<String> SECTIONS = List.of("version", "project", "scan", "secrets", "workflows",
            "compose", "environments", "deploy", "history", "stats", "runs", "serve", "audit");
    static final ConfigKeys TOP = ConfigKeys.of("", SECTIONS);

    private final Path file;
    private final ConfigNode root;

    private ZerofailConfig(Path file, ConfigNode root) {
        this.file = file;
        this.root = root;
    }

    /** An empty configuration: every command works without a file where it can. */
    public static ZerofailConfig empty() {
        return new ZerofailConfig(null, ConfigNode.parse(FILE_NAME, ""));
    }

    /** Loads {@code explicit} when given (it must exist), else {@code dir/zerofail.yaml} when present. */
    public static ZerofailConfig load(Path dir, Path explicit) {
        Path file = explicit != null ? explicit : (dir == null ? null : dir.resolve(FILE_NAME));
        if (file == null || (explicit == null && !Files.isRegularFile(file))) {
            return empty();
        }
        ConfigNode root = ConfigNode.load(file);
        root.requireKeys(TOP);
        return new ZerofailConfig(file, root);
    }

    /**
     * Reads {@code text} as if it were {@code file}, without touching the disk: a generated
     * configuration ({@code zerofail init}) is checked by the same rules before it is written.
     */
    public static ZerofailConfig parse(Path file, String text) {
        ConfigNode root = ConfigNode.parse(file.toString(), text);
        root.requireKeys(TOP);
        return new ZerofailConfig(file, root);
    }

    public Optional<Path> file() {
        return Optional.ofNullable(file);
    }

    public ConfigNode section(String name) {
        return root.get(name).orElse(ConfigNode.parse(file == null ? FILE_NAME : file.toString(), ""));
    }
}
