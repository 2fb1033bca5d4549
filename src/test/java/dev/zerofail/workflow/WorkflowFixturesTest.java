package dev.zerofail.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zerofail.core.Finding;
import dev.zerofail.core.Report;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The workflow sets under fixtures/workflow (see its README): the clean ones have no findings, the
 * others have the problems they were written with, and every set can be planned without creating
 * a finding of a new kind or more findings of any kind.
 */
class WorkflowFixturesTest {
    static final Path FIXTURES = Path.of("src/test/resources/fixtures/workflow");

    static Stream<Arguments> sets() {
        return Stream.of(
                Arguments.of("clean-api", List.of()),
                Arguments.of("clean-library", List.of()),
                Arguments.of("legacy-archive", List.of()),
                Arguments.of("competing-deploys", List.of("overlap-competing-deploys", "overlap-duplicate-steps",
                        "permissions-write-all")),
                Arguments.of("copy-paste-drift", List.of("overlap-duplicate-steps", "overlap-competing-deploys")),
                Arguments.of("failure-masking", List.of("mask-or-true", "mask-set-e", "mask-continue-on-error",
                        "mask-always-deploy")),
                Arguments.of("k8s-manual", List.of("manual-kubectl-exec", "secret-exposed", "floating-tool-version")),
                Arguments.of("pulumi-floating", List.of("floating-tool-version")),
                Arguments.of("ssh-vps", List.of("manual-ssh", "hardcoded-host", "secret-exposed")),
                Arguments.of("swarm-hotfix", List.of("manual-ssh", "mask-or-true")),
                Arguments.of("startup-chaos", List.of("manual-ssh", "mask-set-e", "secret-exposed", "permissions-write-all")),
                Arguments.of("broken", List.of("workflow-parse-error")),
                Arguments.of("messy-tree", List.of("workflow-parse-error", "archived-workflow-parse-error",
                        "template-injection")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("sets")
    void findsWhatEachSetWasWrittenWith(String name, List<String> expectedRules) {
        Report r = WorkflowAnalyzer.analyze(WorkflowSet.load(FIXTURES.resolve(name)));
        List<String> rules = r.findings().stream().map(Finding::rule).distinct().toList();
        if (expectedRules.isEmpty()) {
            assertThat(r.findings()).as(name).isEmpty();
        } else {
            assertThat(rules).as(name).containsAll(expectedRules);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("sets")
    void planningNeverAddsFindings(String name, List<String> ignored) throws Exception {
        WorkflowSet set = WorkflowSet.load(FIXTURES.resolve(name));
        ConsolidationPlan plan = Planner.plan(set);
        Map<String, Long> before = plan.before().byRule();
        Map<String, Long> after = plan.after().byRule();
        List<String> worse = new ArrayList<>();
        after.forEach((rule, n) -> {
            if (n > before.getOrDefault(rule, 0L)) {
                worse.add(rule + " " + before.getOrDefault(rule, 0L) + " -> " + n);
            }
        });
        assertThat(worse).as(name).isEmpty();
        for (Map.Entry<String, String> f : plan.files().entrySet()) {
            WorkflowParser.parse(f.getKey(), f.getValue());
        }
    }

    @org.junit.jupiter.api.Test
    void everySetIsListed() throws Exception {
        try (Stream<Path> s = Files.list(FIXTURES)) {
            List<String> dirs = s.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().toList();
            assertThat(sets().map(a -> (String) a.get()[0]).toList()).containsAll(
                    dirs.stream().filter(d -> !d.equals("monorepo-matrix") && !d.equals("reusable-calls")).toList());
        }
    }
}
