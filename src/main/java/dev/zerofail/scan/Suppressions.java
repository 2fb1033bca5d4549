package dev.zerofail.scan;

import dev.zerofail.core.Finding;
import dev.zerofail.core.ZerofailException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.eclipse.jgit.ignore.FastIgnoreRule;

/**
 * Path excludes (gitignore syntax, from the defaults, {@code .zerofailignore}, zerofail.yaml and
 * --exclude) and ignored fingerprints (lines of 16 hex digits in {@code .zerofailignore}).
 */
public final class Suppressions {
    public static final String IGNORE_FILE = ".zerofailignore";
    /** Dependency, build and VCS folders: someone else's code, or generated. */
    static final List<String> DEFAULT_EXCLUDES = List.of(".git/", "node_modules/", "vendor/", "target/", "build/",
            "dist/", ".venv/", "venv/", "__pycache__/", ".gradle/", ".idea/", ".next/", ".nuxt/", ".terraform/",
            "bower_components/", ".tox/", ".mypy_cache/", ".pytest_cache/", "coverage/", ".cache/", ".zerofail/",
            IGNORE_FILE);

    private final List<FastIgnoreRule> rules;
    private final Set<String> fingerprints;

    private Suppressions(List<FastIgnoreRule> rules, Set<String> fingerprints) {
        this.rules = List.copyOf(rules);
        this.fingerprints = Set.copyOf(fingerprints);
    }

    public static Suppressions load(Path root, List<String> extraExcludes) {
        List<FastIgnoreRule> rules = new ArrayList<>();
        Set<String> fps = new HashSet<>();
        DEFAULT_EXCLUDES.forEach(p -> rules.add(new FastIgnoreRule(p)));
        extraExcludes.forEach(p -> rules.add(new FastIgnoreRule(p)));
        Path file = root == null ? null : root.resolve(IGNORE_FILE);
        if (file != null && Files.isRegularFile(file)) {
            List<String> lines;
            try {
                lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw ZerofailException.usage(file.toString(), "cannot read: " + e.getMessage(), "check permissions");
            }
            for (String raw : lines) {
                String line = raw.strip();
                if (line.isEmpty() || line.startsWith("#")) {
                    continue;
                }
                if (line.matches("[0-9a-fA-F]{16}")) {
                    fps.add(line.toLowerCase(java.util.Locale.ROOT));
                } else {
                    rules.add(new FastIgnoreRule(line));
                }
            }
        }
        return new Suppressions(rules, fps);
    }

    /** Gitignore semantics: the last rule that matches decides; a negated rule ("!x") re-includes. */
    public boolean excluded(String relPath, boolean directory) {
        boolean ignored = false;
        for (FastIgnoreRule r : rules) {
            if (r.isMatch(relPath, directory, false)) {
                ignored = r.getResult();
            }
        }
        return ignored;
    }

    public boolean ignored(Finding f) {
        return f.fingerprint() != null && fingerprints.contains(f.fingerprint());
    }
}
