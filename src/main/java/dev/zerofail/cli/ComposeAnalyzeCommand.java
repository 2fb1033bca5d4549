package dev.zerofail.cli;

import dev.zerofail.compose.ComposeAnalyzer;
import dev.zerofail.core.ExitCode;
import dev.zerofail.core.Report;
import dev.zerofail.core.Severity;
import dev.zerofail.core.ZerofailException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "analyze", header = "Report conflicts and risks across compose files.",
        mixinStandardHelpOptions = true, sortOptions = false,
        description = {"List every compose file and the services each defines, and report the conflicts between "
                + "them (a service with different images, ports, replicas, secrets or healthchecks), services "
                + "without a healthcheck, floating tags, build: without an image, hard-coded credentials and "
                + "settings docker stack deploy ignores. Each file is read on its own."})
public final class ComposeAnalyzeCommand extends ReportCommand {
    @Parameters(arity = "0..*", paramLabel = "FILE|DIR",
            description = "compose files, or a directory to search for them (default: .)")
    List<Path> paths = new ArrayList<>();

    @picocli.CommandLine.Mixin
    FailOn.High failOn = new FailOn.High();

    @Override
    public Integer call() {
        List<Path> given = paths.isEmpty() ? List.of(Path.of(".")) : paths;
        Path root = Files.isDirectory(given.get(0)) ? given.get(0) : Path.of(".");
        List<Path> files = new ArrayList<>();
        for (Path p : given) {
            if (Files.isDirectory(p)) {
                files.addAll(ComposeAnalyzer.discover(p));
            } else if (Files.isRegularFile(p)) {
                files.add(p);
            } else {
                RepositoryDir.existing(p, "check the path");
                throw ZerofailException.usage(p.toString(), "not a regular file", "pass compose files or a directory");
            }
        }
        dev.zerofail.scan.RuleSet rules = dev.zerofail.scan.ScanConfig.from(dev.zerofail.core.ZerofailConfig
                .load(root, config).section("scan")).rules();
        Report report = ComposeAnalyzer.analyze(root.toAbsolutePath().normalize(), files, rules);
        emit(report);
        return failOn.exitCode(report).code();
    }
}
