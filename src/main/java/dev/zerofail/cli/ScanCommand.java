package dev.zerofail.cli;

import dev.zerofail.core.ExitCode;
import dev.zerofail.core.Report;
import dev.zerofail.core.Sizes;
import dev.zerofail.core.ZerofailConfig;
import dev.zerofail.scan.Baseline;
import dev.zerofail.scan.Rule;
import dev.zerofail.scan.ScanConfig;
import dev.zerofail.scan.ScanOptions;
import dev.zerofail.scan.SecretScan;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "scan", header = "Find placeholder and hard-coded secrets.",
        mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Find placeholder secrets (your_api_key_here, REPLACE_ME, changeme, sk-..., empty values) "
                + "and hard-coded real secrets (cloud keys, tokens, private keys, JWTs, high-entropy literals).", "",
                "Templates (.env.example, *.sample, *.template), docs and tests report placeholders at low "
                        + "severity, below the default --fail-on. Suppress a line with a 'zerofail:allow' comment "
                        + "(or gitleaks:allow, pragma: allowlist secret, secretlint-disable-line); paths and "
                        + "fingerprints in .zerofailignore."})
public final class ScanCommand extends ReportCommand {
    @Parameters(index = "0", arity = "0..1", paramLabel = "DIR", description = "directory or file to scan (default: .)")
    Path dir = Path.of(".");

    @picocli.CommandLine.Mixin
    FailOn.Configured failOn = new FailOn.Configured();

    @Option(names = "--baseline", paramLabel = "REPORT.json",
            description = "report and fail only on findings not in this earlier JSON report")
    Path baseline;

    @Option(names = "--history", description = "scan every commit reachable from HEAD; each finding names the commit that introduced it")
    boolean history;

    @Option(names = "--since", paramLabel = "REF", description = "only the files changed since REF (where HEAD left it), "
            + "committed or not, and in them only the added or changed lines; with --history: only the commits after REF")
    String since;

    @Option(names = "--staged", description = "scan what git commit would record: the staged content of changed files "
            + "(the index, not the working tree), their added or changed lines; for a pre-commit hook")
    boolean staged;

    @Option(names = "--exclude", paramLabel = "PATTERN", description = "skip paths matching PATTERN (gitignore syntax); repeatable")
    List<String> excludes = new ArrayList<>();

    @Option(names = "--max-file-size", paramLabel = "SIZE", description = "skip files larger than SIZE (default: 25MB)")
    String maxFileSize;

    @Option(names = "--threads", paramLabel = "N", description = "worker threads (default: number of CPUs)")
    Integer threads;

    @Option(names = "--list-rules", description = "print the active rules and exit")
    boolean listRules;

    @Override
    public Integer call() {
        if (staged && (history || since != null)) {
            throw dev.zerofail.core.ZerofailException.usage("--staged", "cannot be combined with "
                    + (history ? "--history" : "--since"), "use --staged alone, or drop it");
        }
        Path root = RepositoryDir.existing(dir, "check the path to scan");
        ZerofailConfig cfg = ZerofailConfig.load(java.nio.file.Files.isDirectory(root) ? root : root.getParent(), config);
        ScanConfig scanConfig = ScanConfig.from(cfg.section("scan"));
        if (listRules) {
            for (Rule r : scanConfig.rules().rules()) {
                out().printf("%-28s %-11s %-8s %s%n", r.id(), r.kind(), r.severity().label(), r.description());
            }
            return ExitCode.OK.code();
        }
        long maxSize = maxFileSize == null ? scanConfig.maxFileSize() : Sizes.parse(maxFileSize, "--max-file-size");
        List<String> allExcludes = new ArrayList<>(scanConfig.excludes());
        allExcludes.addAll(excludes);
        int n = threads == null ? Runtime.getRuntime().availableProcessors() : Math.max(1, threads);
        ScanOptions options = new ScanOptions(root, allExcludes, maxSize, n, history, since, staged);
        Baseline base = baseline == null ? null : Baseline.load(baseline);
        ProgressPrinter progress = progress();
        Report report = SecretScan.run(scanConfig, options, base, progress);
        progress.done();
        emit(report);
        return failOn.orElse(scanConfig.failOn()).exitCode(report).code();
    }
}
