package dev.zerofail.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.zerofail.compose.ComposeLoader;
import dev.zerofail.compose.ComposeProject;
import dev.zerofail.compose.YamlWriter;
import dev.zerofail.core.DotEnv;
import dev.zerofail.core.ExitCode;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "config", header = "Print the merged, interpolated compose model.",
        mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Print the merged, interpolated canonical form of the compose files (like docker compose "
                + "config): anchors, extends and include resolved, long syntax everywhere, later files win. "
                + "Variables come from the environment, then --env-file, then the project's .env."})
public final class ComposeConfigCommand implements Callable<Integer> {
    @Parameters(arity = "1..*", paramLabel = "FILE|DIR", description = "compose files, in order (later wins); a "
            + "directory stands for the compose files directly in it, its base file first")
    List<Path> files;

    @Option(names = {"-f", "--format"}, paramLabel = "FORMAT", defaultValue = "yaml",
            description = "yaml or json (default: ${DEFAULT-VALUE})")
    String format;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "write to FILE (atomically) instead of stdout")
    Path output;

    @Option(names = "--env-file", paramLabel = "FILE", description = "read variables from FILE as well")
    Path envFile;

    @Option(names = "--no-interpolate", description = "keep $${VAR} references as written")
    boolean noInterpolate;

    @Option(names = "--reveal", description = "print the values of secret-looking environment variables "
            + "(masked by default, so the output is safe in CI logs)")
    boolean reveal;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (!format.equals("yaml") && !format.equals("json")) {
            throw dev.zerofail.core.ZerofailException.usage("--format " + format, "unknown format",
                    "use yaml or json");
        }
        Map<String, String> env = new HashMap<>();
        if (envFile != null) {
            env.putAll(DotEnv.read(envFile));
        }
        env.putAll(System.getenv());
        ComposeProject project = ComposeLoader.load(ComposeFiles.expand(files), noInterpolate ? new ComposeLoader.Options(Map.of(), false,
                null) : ComposeLoader.Options.interpolated(env));
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("name", project.name());
        doc.putAll(reveal ? project.model() : project.redactedModel());
        String text = format.equals("json")
                ? new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(doc) + "\n"
                : YamlWriter.write(List.of(), doc);
        for (String w : project.warnings()) {
            spec.commandLine().getErr().println("warning: " + w);
        }
        TextOutput.write(output, text, spec.commandLine().getOut());
        return ExitCode.OK.code();
    }
}
