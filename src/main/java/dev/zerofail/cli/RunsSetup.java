package dev.zerofail.cli;

import dev.zerofail.core.ZerofailConfig;
import dev.zerofail.history.HistoryConfig;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * What both runs commands share: the repository (DIR, else the directory of --config, else the working directory),
 * its configuration and history store, and progress lines.
 */
final class RunsSetup {
    final Path root;
    final ZerofailConfig config;
    final HistoryConfig history;

    RunsSetup(RepositoryDir dir, Path configFile) {
        Path file = configFile == null ? null : RepositoryDir.existing(configFile, "pass an existing zerofail.yaml");
        this.root = file != null && dir.dir.equals(Path.of(".")) ? file.getParent() : dir.root();
        this.config = ZerofailConfig.load(root, file);
        this.history = HistoryConfig.from(config.section("history"));
    }

    static Consumer<String> progress(PrintWriter err, boolean quiet) {
        return line -> {
            if (!quiet) {
                err.println(line);
                err.flush();
            }
        };
    }
}
