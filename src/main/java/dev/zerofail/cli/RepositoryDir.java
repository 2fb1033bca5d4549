package dev.zerofail.cli;

import dev.zerofail.core.ZerofailException;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Parameters;

/** The optional {@code DIR} argument of the commands that work on a whole repository. */
final class RepositoryDir {
    @Parameters(index = "0", arity = "0..1", paramLabel = "DIR", description = "repository root (default: .)")
    Path dir = Path.of(".");

    /** The directory, absolute; a usage error when it is not one. */
    Path root() {
        Path root = existing(dir, "pass the repository root");
        if (!Files.isDirectory(root)) {
            throw ZerofailException.usage(dir.toString(), "not a directory", "pass the repository root");
        }
        return root;
    }

    /** {@code path}, absolute; the usage error every command gives for a path that is not there. */
    static Path existing(Path path, String nextStep) {
        Path p = path.toAbsolutePath().normalize();
        if (!Files.exists(p)) {
            throw ZerofailException.usage(path.toString(), "no such file or directory", nextStep);
        }
        return p;
    }
}
