package dev.zerofail.cli;

import dev.zerofail.core.ConfigNode;
import dev.zerofail.core.ExitCode;
import dev.zerofail.core.Report;
import dev.zerofail.core.ZerofailConfig;
import dev.zerofail.core.ZerofailException;
import dev.zerofail.history.HistoryConfig;
import dev.zerofail.init.Init;
import dev.zerofail.scan.RuleSet;
import java.io.Console;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Predicate;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "init", header = "Draft a starting zerofail.yaml from the repository.", mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {"Draft a starting zerofail.yaml from what the repository holds: environments from the compose "
                + "file names (docker-compose.prod.yml → prod), health checks from the services' healthchecks and "
                + "published ports, a secrets manifest imported from .env templates, Pulumi ESC definitions and the "
                + "workflows, and the history store default; every key with a comment.", "",
                "At a terminal it asks a few questions (Enter keeps the default shown); with --yes, or without a "
                        + "terminal, it takes the defaults. It never replaces an existing zerofail.yaml without --force."})
public final class InitCommand implements Callable<Integer>, Main.HasOutput {
    @Mixin
    RepositoryDir repository = new RepositoryDir();

    @Option(names = {"-y", "--yes"}, description = "ask nothing: take every default")
    boolean yes;

    @Option(names = "--force", description = "replace an existing zerofail.yaml")
    boolean force;

    @Mixin
    OutputOptions output = new OutputOptions();

    @Spec
    CommandSpec spec;

    /** Tests put a scripted prompter here; null means the terminal, when there is one. */
    static Prompter prompter;

    @Override
    public OutputOptions output() {
        return output;
    }

    @Override
    public Integer call() {
        Path root = repository.root();
        Path file = root.resolve(ZerofailConfig.FILE_NAME);
        boolean exists = Files.exists(file, LinkOption.NOFOLLOW_LINKS);
        if (exists && !force) {
            throw ZerofailException.usage(file.toString(), "already exists; zerofail init does not replace it",
                    "review or edit it, or run zerofail init --force to replace it (the current file is not kept)");
        }
        Init.Survey survey = Init.survey(root);
        Prompter p = yes ? null : prompter != null ? prompter : Prompter.console();
        Init.Choices choices = p == null ? Init.Choices.defaults(survey) : ask(p, survey);
        Init.Draft draft = Init.draft(survey, choices, RuleSet.builtin(), exists, p != null);
        Report report = Init.write(draft, root);
        output.emit(report, spec.commandLine().getOut());
        return ExitCode.OK.code();
    }

    /** Reads one answer; null at the end of input (the default is then taken). */
    interface Prompter {
        String ask(String question, String dflt);

        void say(String line);

        static Prompter console() {
            Console c = System.console();
            if (c == null) {
                return null;
            }
            return new Prompter() {
                @Override
                public String ask(String question, String dflt) {
                    return c.readLine("%s [%s]: ", question, dflt);
                }

                @Override
                public void say(String line) {
                    c.printf("%s%n", line);
                    c.flush();
                }
            };
        }
    }

    /** The questions; each answer is checked and asked again (three times) when it is not usable. */
    static Init.Choices ask(Prompter p, Init.Survey s) {
        Init.Choices d = Init.Choices.defaults(s);
        p.say("zerofail init: " + s.compose().size() + " compose file(s), " + s.secretSources().size()
                + " source(s) of secrets" + (s.secretSources().isEmpty() ? "" : " (" + String.join(", ", s.secretSources()) + ")")
                + ". Enter keeps the default in brackets.");
        Map<String, List<String>> envs = new LinkedHashMap<>();
        if (s.compose().isEmpty()) {
            p.say("No compose file here: environments are left for later (see the comment in zerofail.yaml).");
        } else {
            String guessed = String.join(", ", d.environments().isEmpty() ? List.of("prod") : d.environments().keySet());
            List<String> names = list(answer(p, "Environments to deploy to (comma-separated)", guessed,
                    a -> !list(a).isEmpty() && list(a).stream().allMatch(Init::validEnvironment),
                    "lower-case names such as prod, staging"));
            String fallback = d.environments().values().stream().findFirst().map(f -> String.join(", ", f))
                    .orElse(s.compose().get(0));
            for (String env : names) {
                List<String> dflt = d.environments().get(env);
                envs.put(env, list(answer(p, "Compose file(s) for " + env + ", merged in this order",
                        dflt == null ? fallback : String.join(", ", dflt),
                        a -> !list(a).isEmpty() && list(a).stream().allMatch(f -> Files.isRegularFile(s.root().resolve(f))),
                        "paths of existing compose files, relative to " + s.root())));
            }
        }
        String project = answer(p, "Stack name prefix (stacks are PREFIX-ENV)", d.project(),
                a -> a.matches("[a-z0-9][a-z0-9_-]{0,30}"), "lower-case letters, digits, '-' and '_'");
        boolean importSecrets = false;
        if (!s.secretSources().isEmpty()) {
            importSecrets = answer(p, "Import the secrets manifest from " + String.join(", ", s.secretSources()) + "? (y/n)",
                    "y", a -> a.matches("(?i)y|yes|n|no"), "y or n").toLowerCase(java.util.Locale.ROOT).startsWith("y");
        }
        String history = answer(p, "History store (jdbc:sqlite:PATH or jdbc:postgresql://HOST:5432/DB?sslmode=verify-full)",
                d.history(), InitCommand::historyUrl, "a JDBC URL without a password");
        return new Init.Choices(envs, project, importSecrets, history);
    }

    private static boolean historyUrl(String url) {
        try {
            HistoryConfig.from(ConfigNode.parse("answer", "url: '" + url.replace("'", "''") + "'\n"));
            return true;
        } catch (ZerofailException e) {
            return false;
        }
    }

    private static String answer(Prompter p, String question, String dflt, Predicate<String> ok, String hint) {
        for (int i = 0; i < 3; i++) {
            String a = p.ask(question, dflt);
            a = a == null || a.isBlank() ? dflt : a.strip();
            if (ok.test(a)) {
                return a;
            }
            p.say("  not usable: expected " + hint);
        }
        throw ZerofailException.usage(question, "no usable answer after three tries", "expected " + hint
                + "; or run zerofail init --yes to take the defaults");
    }

    private static List<String> list(String answer) {
        List<String> out = new ArrayList<>();
        Arrays.stream(answer.split("[,\\s]+")).map(String::strip).filter(x -> !x.isEmpty()).distinct().forEach(out::add);
        return out;
    }
}
