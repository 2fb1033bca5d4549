package dev.zerofail.cli;

import dev.zerofail.core.ZerofailConfig;
import dev.zerofail.history.HistoryConfig;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.function.Consumer;

/** What both runs commands share: the configuration next to the working directory (or --config) and progress lines. */
final class RunsSetup {
    final Path root;
    final ZerofailConfig config;
    final HistoryConfig history;

    RunsSetup(Path configFile) {
        Path file = configFile == null ? null : RepositoryDir.existing(configFile, "pass an existing zerofail.yaml");
        this.root = file == null ? Path.of("").toAbsolutePath() : file.getParent();
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
