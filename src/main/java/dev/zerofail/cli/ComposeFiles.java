package dev.zerofail.cli;

import dev.zerofail.compose.ComposeAnalyzer;
import dev.zerofail.core.ZerofailException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The FILE|DIR arguments of {@code compose unify} and {@code compose config}: a directory stands for its compose files. */
final class ComposeFiles {
    private ComposeFiles() {
    }

    static List<Path> expand(List<Path> given) {
        List<Path> files = new ArrayList<>();
        for (Path p : given) {
            if (!Files.isDirectory(p)) {
                files.add(p);
                continue;
            }
            List<Path> inside = ComposeAnalyzer.inDirectory(p);
            if (inside.isEmpty()) {
                throw ZerofailException.usage(p.toString(), "no compose file directly in this directory",
                        "pass the compose files themselves, or find them with: zerofail compose analyze " + p);
            }
            files.addAll(inside);
        }
        return List.copyOf(files);
    }
}
