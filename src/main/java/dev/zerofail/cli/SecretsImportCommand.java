package dev.zerofail.cli;

import dev.zerofail.core.ExitCode;
import dev.zerofail.core.ZerofailConfig;
import dev.zerofail.core.ZerofailException;
import dev.zerofail.scan.RuleSet;
import dev.zerofail.secrets.SecretsImport;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "import", header = "Write a first manifest from dotenv, ESC and workflow files.",
        mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Write a first secrets manifest from what the repository already has: a dotenv file's keys "
                + "(values are never copied; a value only helps guess the format), a Pulumi ESC environment "
                + "definition (fn::secret leaves become store paths) and the secrets the workflows reference. "
                + "Several sources merge by name. Review the result before you use it."})
public final class SecretsImportCommand implements Callable<Integer> {
    @Option(names = "--from-dotenv", paramLabel = "FILE", description = "a dotenv file (.env, .env.example); repeatable")
    List<Path> dotenv = new ArrayList<>();

    @Option(names = "--from-esc", paramLabel = "FILE.yaml", description = "an ESC environment definition (esc env get ORG/PROJECT/ENV --definition); repeatable")
    List<Path> esc = new ArrayList<>();

    @Option(names = "--from-workflows", paramLabel = "DIR", description = "a repository root whose .github/workflows to read")
    Path workflows;

    @Option(names = "--config", paramLabel = "FILE", description = "configuration file whose scan rules name the formats (default: ./zerofail.yaml when present)")
    Path config;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "write the manifest to FILE (atomically) instead of standard output")
    Path output;

    @Option(names = "--force", description = "overwrite FILE when it exists")
    boolean force;

    @Option(names = {"-q", "--quiet"}, description = "no notes on standard error")
    boolean quiet;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        if (dotenv.isEmpty() && esc.isEmpty() && workflows == null) {
            throw ZerofailException.usage(null, "nothing to import from",
                    "give --from-dotenv FILE, --from-esc FILE.yaml and/or --from-workflows DIR");
        }
        if (output != null && java.nio.file.Files.exists(output) && !force) {
            throw ZerofailException.usage(output.toString(), "file exists", "choose another --output, or add --force");
        }
        ZerofailConfig cfg = ZerofailConfig.load(Path.of("."), config);
        SecretsImport imp = new SecretsImport(RuleSet.load(cfg.section("scan")));
        for (Path f : dotenv) {
            imp.dotenv(f, f.toString());
        }
        for (Path f : esc) {
            imp.esc(f, f.toString());
        }
        if (workflows != null) {
            imp.workflows(workflows.toAbsolutePath().normalize(), workflows + "/.github/workflows");
        }
        String yaml = imp.yaml();
        TextOutput.write(output, yaml, spec.commandLine().getOut());
        if (!quiet) {
            java.io.PrintWriter err = spec.commandLine().getErr();
            imp.notes().forEach(n -> err.println("zerofail: " + n));
            err.println("zerofail: " + imp.size() + " secret(s) imported" + (output == null ? "" : " into " + output)
                    + "; review names, categories, services and formats, then run: zerofail secrets check");
            err.flush();
        }
        return ExitCode.OK.code();
    }
}
