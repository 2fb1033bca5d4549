package dev.zerofail.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zerofail.workflow.ConsolidationPlan;
import dev.zerofail.workflow.Planner;
import dev.zerofail.workflow.WorkflowSet;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import picocli.CommandLine;

/**
 * Every zerofail command line that workflows apply writes is parsed by zerofail's own command
 * model: the options exist and the required ones are there. Scripts get expressions only through
 * env:, and each command gets the credentials it needs.
 */
class GeneratedWorkflowsCliTest {
    private static final Pattern ENV_REF = Pattern.compile("\\$\\{?([A-Z_][A-Z0-9_]*)}?");

    static Stream<String> repositories() {
        return Stream.of("examples/acme-platform", "src/test/resources/fixtures/workflow/messy-tree",
                "src/test/resources/fixtures/workflow/startup-chaos", "src/test/resources/fixtures/workflow/swarm-hotfix");
    }

    @ParameterizedTest
    @MethodSource("repositories")
    @SuppressWarnings("unchecked")
    void everyGeneratedZerofailCommandParses(String repo) {
        ConsolidationPlan plan = Planner.plan(WorkflowSet.load(Path.of(repo)));
        int commands = 0;
        for (Map.Entry<String, String> file : plan.files().entrySet()) {
            Map<String, Object> doc = (Map<String, Object>) new Load(LoadSettings.builder().build()).loadFromString(file.getValue());
            for (Map<String, Object> step : steps(doc)) {
                if (!(step.get("run") instanceof String run)) {
                    continue;
                }
                Map<String, Object> env = step.get("env") instanceof Map<?, ?> e ? (Map<String, Object>) e : Map.of();
                for (String line : run.replace("\\\n", " ").split("\n")) {
                    List<String> words = words(line.strip());
                    if (words.isEmpty() || !words.get(0).equals("zerofail")) {
                        continue;
                    }
                    commands++;
                    assertThat(line).as(file.getKey() + ": expressions reach scripts through env").doesNotContain("${{");
                    // every $VAR the command line uses is set on the step (or is GitHub's own)
                    Matcher v = ENV_REF.matcher(line);
                    while (v.find()) {
                        assertThat(env.containsKey(v.group(1)) || v.group(1).startsWith("GITHUB_"))
                                .as(file.getKey() + ": " + line + " uses $" + v.group(1)).isTrue();
                    }
                    List<String> args = words.subList(1, words.size()).stream().map(w -> w.replaceAll("\\$\\{?[A-Z_]+}?", "x")).toList();
                    CommandLine.ParseResult parsed = Main.commandLine(new PrintStream(new ByteArrayOutputStream()),
                            new PrintStream(new ByteArrayOutputStream())).parseArgs(args.toArray(String[]::new));
                    CommandLine.ParseResult leaf = parsed;
                    while (leaf.hasSubcommand()) {
                        leaf = leaf.subcommand();
                    }
                    String name = leaf.commandSpec().qualifiedName(" ");
                    if (leaf.hasMatchedOption("--emergency")) {
                        assertThat((String) leaf.matchedOptionValue("--confirm", null)).as(line).isEqualTo("DEPLOY");
                    }
                    if (name.endsWith(" deploy")) {
                        assertThat(env).as(file.getKey() + ": " + line).containsEntry("DOCKER_HOST", "${{ secrets.DOCKER_HOST }}");
                    }
                    if (name.endsWith(" secrets sync")) {
                        String from = leaf.matchedOptionValue("--from", "env");
                        String to = leaf.matchedOptionValue("--to", "");
                        if (from.equals("esc") || to.equals("esc")) {
                            assertThat(env).as(line).containsEntry("PULUMI_ACCESS_TOKEN", "${{ secrets.PULUMI_ACCESS_TOKEN }}");
                        }
                        if (to.equals("swarm")) {
                            assertThat(env).as(line).containsKey("DOCKER_HOST");
                        }
                    }
                }
            }
        }
        // deploy ×2, emergency deploy, secrets check + sync, scan
        assertThat(commands).isGreaterThanOrEqualTo(6);
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> steps(Map<String, Object> doc) {
        List<Map<String, Object>> out = new ArrayList<>();
        if (doc.get("jobs") instanceof Map<?, ?> jobs) {
            for (Object job : jobs.values()) {
                if (job instanceof Map<?, ?> j && j.get("steps") instanceof List<?> s) {
                    s.forEach(x -> out.add((Map<String, Object>) x));
                }
            }
        }
        if (doc.get("runs") instanceof Map<?, ?> runs && runs.get("steps") instanceof List<?> s) {
            s.forEach(x -> out.add((Map<String, Object>) x));
        }
        return out;
    }

    private static List<String> words(String s) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        char quote = 0;
        boolean any = false;
        for (char c : s.toCharArray()) {
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else {
                    cur.append(c);
                }
            } else if (c == '"' || c == '\'') {
                quote = c;
                any = true;
            } else if (Character.isWhitespace(c)) {
                if (any || cur.length() > 0) {
                    out.add(cur.toString());
                }
                cur.setLength(0);
                any = false;
            } else {
                cur.append(c);
            }
        }
        if (any || cur.length() > 0) {
            out.add(cur.toString());
        }
        return out;
    }
}
