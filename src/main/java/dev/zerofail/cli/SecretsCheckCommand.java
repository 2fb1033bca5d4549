package dev.zerofail.cli;

import dev.zerofail.core.ExitCode;
import dev.zerofail.core.Report;
import dev.zerofail.core.Severity;
import dev.zerofail.core.ZerofailConfig;
import dev.zerofail.scan.RuleSet;
import dev.zerofail.secrets.Manifest;
import dev.zerofail.secrets.SecretsCheck;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "check", header = "Validate the manifest and cross-check the repository.",
        mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Validate the secrets manifest (secrets.manifest in zerofail.yaml) and cross-check the "
                + "repository: secrets named in workflows ($${{ secrets.X }}), compose files (secrets:, *_FILE, "
                + "$${VAR}), .env templates and code (getenv, os.environ, process.env, System.getenv, ENV[...]) that "
                + "the manifest does not know, and manifest entries nothing names.", "",
                "A malformed manifest (unknown key, duplicate name, path or variable, bad regex or format) is exit 2."})
public final class SecretsCheckCommand extends ReportCommand {
    @picocli.CommandLine.Mixin
    RepositoryDir repository = new RepositoryDir();

    @picocli.CommandLine.Mixin
    FailOn.Medium failOn = new FailOn.Medium();

    @Override
    public Integer call() {
        Path root = repository.root();
        ZerofailConfig cfg = ZerofailConfig.load(root, config);
        Manifest manifest = Manifest.load(cfg, root);
        Report report = SecretsCheck.run(root, manifest, RuleSet.load(cfg.section("scan")).secretKeys());
        emit(report);
        if (!manifest.present() && !output.quiet) {
            spec.commandLine().getErr().println("zerofail: no secrets manifest; start one with: zerofail secrets import "
                    + "--from-dotenv .env.example --from-workflows . -o zerofail.secrets.yaml");
        }
        return failOn.exitCode(report).code();
    }
}
