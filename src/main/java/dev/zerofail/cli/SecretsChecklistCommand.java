package dev.zerofail.cli;

import dev.zerofail.core.ExitCode;
import dev.zerofail.core.ZerofailConfig;
import dev.zerofail.scan.RuleSet;
import dev.zerofail.secrets.Checklist;
import dev.zerofail.secrets.Formats;
import dev.zerofail.secrets.Manifest;
import dev.zerofail.secrets.StoreHints;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "checklist", header = "Print a Markdown checklist of the secrets to set.",
        mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Print a Markdown checklist for the people who hold the values: one box per secret, grouped by "
                + "category, with where each must be set (CI secret, store path, runtime variable, services), where it "
                + "is required and what it looks like. It never contains a value."})
public final class SecretsChecklistCommand implements Callable<Integer> {
    @Mixin
    RepositoryDir repository = new RepositoryDir();

    @Option(names = "--env", paramLabel = "ENV", description = "the environment the checklist is for (required/optional follow it)")
    String environment;

    @Option(names = "--config", paramLabel = "FILE", description = "configuration file (default: DIR/zerofail.yaml when present)")
    Path config;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "write the checklist to FILE (atomically) instead of standard output")
    Path output;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Path root = repository.root();
        ZerofailConfig cfg = ZerofailConfig.load(root, config);
        Manifest manifest = Manifest.load(cfg, root).requirePresent(root);
        String text = Checklist.render(manifest, environment, StoreHints.from(cfg),
                Formats.of(RuleSet.load(cfg.section("scan"))), root.getFileName().toString());
        TextOutput.write(output, text, spec.commandLine().getOut());
        return ExitCode.OK.code();
    }
}
