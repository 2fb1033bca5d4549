package dev.zerofail.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.snakeyaml.engine.v2.api.Dump;
import org.snakeyaml.engine.v2.api.DumpSettings;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * The composite action (action.yml): its shell steps run with bash as a runner runs them
 * ({@code bash --noprofile --norc -eo pipefail}), against the built jar, with fake
 * GITHUB_STEP_SUMMARY and GITHUB_OUTPUT files; and actionlint checks the sample workflow of
 * docs/github-action.md and the action's steps.
 */
class ActionIT {
    private static final Path ACTION = Path.of("action.yml").toAbsolutePath();
    private static final Pattern EXPR = Pattern.compile("\\$\\{\\{\\s*(inputs|steps)\\.([A-Za-z0-9_-]+)(?:\\.outputs\\.([A-Za-z0-9_-]+))?\\s*}}");

    @TempDir
    Path tmp;

    private Map<String, Object> action;
    private final Map<String, String> inputs = new HashMap<>();
    private final Map<String, Map<String, String>> outputs = new HashMap<>();
    private Path summary;

    record Step(int exit, String out) {
    }

    @BeforeEach
    @SuppressWarnings("unchecked")
    void load() throws Exception {
        action = (Map<String, Object>) new Load(LoadSettings.builder().build()).loadFromString(Files.readString(ACTION));
        ((Map<String, Map<String, Object>>) action.get("inputs")).forEach((k, v) -> inputs.put(k, String.valueOf(v.get("default"))));
        summary = tmp.resolve("summary.md");
        Files.writeString(summary, "");
    }

    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> steps() {
        return (List<Map<String, Object>>) ((Map<String, Object>) action.get("runs")).get("steps");
    }

    private Map<String, Object> step(String id) {
        return steps().stream().filter(s -> id.equals(s.get("id"))).findFirst().orElseThrow(() -> new AssertionError("no step " + id));
    }

    private String eval(String value) {
        Matcher m = EXPR.matcher(value);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String v = m.group(1).equals("inputs") ? inputs.getOrDefault(m.group(2), "")
                    : outputs.getOrDefault(m.group(2), Map.of()).getOrDefault(m.group(3), "");
            m.appendReplacement(sb, Matcher.quoteReplacement(v));
        }
        m.appendTail(sb);
        return sb.toString();
    }

    /** Runs one step's script in {@code workspace}; its GITHUB_OUTPUT lines become {@code steps.ID.outputs}. */
    @SuppressWarnings("unchecked")
    private Step run(String id, Path workspace) throws Exception {
        Map<String, Object> step = step(id);
        assertThat(step.get("shell")).isEqualTo("bash");
        Path script = tmp.resolve(id + ".sh");
        Files.writeString(script, (String) step.get("run"));
        Path output = tmp.resolve(id + ".output");
        Files.writeString(output, "");
        ProcessBuilder pb = new ProcessBuilder("bash", "--noprofile", "--norc", "-eo", "pipefail", script.toString())
                .directory(workspace.toFile()).redirectErrorStream(true);
        Map<String, String> env = pb.environment();
        env.put("PATH", Path.of(System.getProperty("java.home"), "bin") + ":" + env.getOrDefault("PATH", "/usr/bin:/bin"));
        env.put("GITHUB_OUTPUT", output.toString());
        env.put("GITHUB_STEP_SUMMARY", summary.toString());
        env.put("GITHUB_ACTION_PATH", ACTION.getParent().toString());
        env.put("RUNNER_TEMP", tmp.resolve("runner-temp").toString());
        env.put("RUNNER_TOOL_CACHE", tmp.resolve("tool-cache").toString());
        env.put("RUNNER_OS", "Linux");
        Files.createDirectories(tmp.resolve("runner-temp"));
        Map<String, Object> stepEnv = (Map<String, Object>) step.getOrDefault("env", Map.of());
        stepEnv.forEach((k, v) -> env.put(k, eval(String.valueOf(v))));
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(300, TimeUnit.SECONDS)).isTrue();
        Map<String, String> outs = new LinkedHashMap<>();
        for (String line : Files.readAllLines(output)) {
            int eq = line.indexOf('=');
            outs.put(line.substring(0, eq), line.substring(eq + 1));
        }
        outputs.put(id, outs);
        return new Step(p.exitValue(), out);
    }

    /** The install step names the cache folder; the built jar goes there as a cache hit would put it. */
    private void install() throws Exception {
        assertThat(run("install", tmp).exit()).isZero();
        Map<String, String> o = outputs.get("install");
        assertThat(o.get("key")).matches("zerofail-jar-Linux-[0-9a-f]{20}");
        Path dir = Path.of(o.get("dir"));
        assertThat(dir.startsWith(tmp.resolve("tool-cache"))).as("%s", dir).isTrue();
        Files.createDirectories(dir);
        Files.copy(Path.of(System.getProperty("zerofail.jar")), dir.resolve("zerofail.jar"));
    }

    private Path repo(String name) throws Exception {
        Path repo = tmp.resolve(name);
        Files.createDirectories(repo);
        return repo;
    }

    @Test
    void failingChecksPutTheScorecardInTheSummaryAndTheGateExits1() throws Exception {
        install();
        Path ws = repo("ws");
        dev.zerofail.TestFiles.copyTree(Path.of("examples/acme-platform"), ws.resolve("app"));
        inputs.put("path", "app");
        inputs.put("upload-sarif", "true");
        Step audit = run("audit", ws);
        assertThat(audit.exit()).as(audit.out()).isZero();
        Map<String, String> o = outputs.get("audit");
        assertThat(o.get("exit-code")).isEqualTo("1");
        assertThat(Files.readString(summary)).startsWith("## zerofail audit").contains("**Scorecard: FAIL**")
                .contains("| ❌ | No hard-coded credentials in the repository |");
        assertThat(Path.of(o.get("report"))).hasFileName("audit.txt");
        assertThat(audit.out()).as("the text report in the log").contains("zerofail audit scorecard").doesNotContain("\u001b[");
        assertThat(new ObjectMapper().readTree(Path.of(o.get("sarif")).toFile()).path("version").asText()).isEqualTo("2.1.0");

        Step gate = run("gate", ws);
        assertThat(gate.exit()).isEqualTo(1);
        assertThat(gate.out()).contains("::error title=zerofail audit::checks failed");
    }

    @Test
    void aRepositoryThatPassesExits0AndAConfigErrorExits2() throws Exception {
        install();
        Path ok = repo("ok");
        Files.writeString(ok.resolve("zerofail.yaml"), "secrets:\n  manifest: []\n");
        // the definition of done also asks for documentation and monitoring
        Files.writeString(ok.resolve("README.md"), "# app\n");
        Files.createDirectories(ok.resolve("docs"));
        Files.writeString(ok.resolve("docs/runbook.md"), "# When a deploy fails\n");
        Files.createDirectories(ok.resolve("monitoring"));
        Files.writeString(ok.resolve("monitoring/zerofail-rules.yml"), "groups:\n  - name: zerofail\n    rules:\n"
                + "      - alert: ZerofailDeployRolledBack\n        expr: vector(0) > 0\n");
        inputs.put("path", ok.toString());
        inputs.put("format", "json");
        assertThat(run("audit", ok).exit()).isZero();
        assertThat(outputs.get("audit").get("exit-code")).isEqualTo("0");
        assertThat(Files.readString(summary)).contains("**Scorecard: PASS**");
        assertThat(new ObjectMapper().readTree(Path.of(outputs.get("audit").get("report")).toFile()).path("command").asText())
                .isEqualTo("audit");
        assertThat(outputs.get("audit")).doesNotContainKey("sarif");
        assertThat(run("gate", ok).exit()).isZero();

        Files.writeString(summary, "");
        Files.writeString(ok.resolve("zerofail.yaml"), "secrets:\n  manifets: []\n");
        assertThat(run("audit", ok).exit()).isZero();
        assertThat(outputs.get("audit").get("exit-code")).isEqualTo("2");
        assertThat(Files.readString(summary)).contains("did not run to the end (exit 2)");
        Step gate = run("gate", ok);
        assertThat(gate.exit()).isEqualTo(2);
        assertThat(gate.out()).contains("configuration error");

        inputs.put("format", "html");
        assertThat(run("audit", ok).exit()).isZero();
        assertThat(outputs.get("audit").get("exit-code")).isEqualTo("2");
    }

    private int actionlint(Path workflow, List<String> out) throws Exception {
        String actionlint = Services.require("ZEROFAIL_IT_ACTIONLINT", "actionlint (scripts/actionlint)");
        Process p = new ProcessBuilder(actionlint, workflow.toString()).directory(workflow.getParent().toFile())
                .redirectErrorStream(true).start();
        String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(300, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("actionlint could not run: %s", text).isNotEqualTo(2);
        text.lines().filter(l -> !l.startsWith("actionlint: ")).forEach(out::add);
        return p.exitValue();
    }

    @Test
    @SuppressWarnings("unchecked")
    void actionlintAcceptsTheSampleWorkflowAndTheActionsSteps() throws Exception {
        Path ws = repo("lint");
        Files.copy(ACTION, ws.resolve("action.yml"));
        Path workflows = Files.createDirectories(ws.resolve(".github/workflows"));
        String doc = Files.readString(Path.of("docs/github-action.md"));
        Matcher m = Pattern.compile("(?s)```yaml\\n(.*?)```").matcher(doc);
        assertThat(m.find()).isTrue();
        String sample = m.group(1);
        assertThat(sample).contains("uses: OWNER/zerofail@v1");
        Path wf = workflows.resolve("zerofail.yml");
        Files.writeString(wf, sample.replace("OWNER/zerofail@v1", "./"));
        List<String> problems = new ArrayList<>();
        assertThat(actionlint(wf, problems)).as("%s", problems).isZero();
        assertThat(problems).isEmpty();

        // the WebAssembly actionlint reads no file but the workflow, so the inputs given to the action are checked here
        Map<String, Object> parsed = (Map<String, Object>) new Load(LoadSettings.builder().build()).loadFromString(sample);
        Map<String, Object> jobs = (Map<String, Object>) parsed.get("jobs");
        List<Map<String, Object>> sampleSteps = (List<Map<String, Object>>) ((Map<String, Object>) jobs.get("audit")).get("steps");
        Map<String, Object> with = sampleSteps.stream().filter(s -> "OWNER/zerofail@v1".equals(s.get("uses"))).findFirst()
                .map(s -> (Map<String, Object>) s.get("with")).orElseThrow();
        assertThat(inputs.keySet()).containsAll(with.keySet());

        // the action's own steps, as the job of a workflow whose inputs are the action's
        Map<String, Object> dispatchInputs = new LinkedHashMap<>();
        inputs.keySet().stream().sorted().forEach(k -> dispatchInputs.put(k, Map.of("type", "string", "default", inputs.get(k))));
        Map<String, Object> job = new LinkedHashMap<>();
        job.put("runs-on", "ubuntu-latest");
        job.put("timeout-minutes", 15);
        job.put("steps", steps());
        Map<String, Object> flow = new LinkedHashMap<>();
        flow.put("name", "action steps");
        flow.put("on", Map.of("workflow_dispatch", Map.of("inputs", dispatchInputs)));
        flow.put("permissions", Map.of("contents", "read", "security-events", "write"));
        flow.put("jobs", Map.of("action", job));
        Path steps = workflows.resolve("action-steps.yml");
        String text = new Dump(DumpSettings.builder().build()).dumpToString(flow);
        Files.writeString(steps, text);
        problems.clear();
        assertThat(actionlint(steps, problems)).as("%s", problems).isZero();
        assertThat(problems).isEmpty();

        // and it does check them: a misspelt input of actions/setup-java is reported
        Files.writeString(steps, text.replace("java-version:", "java_version:"));
        problems.clear();
        assertThat(actionlint(steps, problems)).isEqualTo(1);
        assertThat(String.join("\n", problems)).contains("java_version");
    }
}
