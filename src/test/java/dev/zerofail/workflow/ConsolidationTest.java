package dev.zerofail.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.zerofail.core.ZerofailException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** plan and apply on a copy of the bundled example repository, in a real git work tree. */
class ConsolidationTest {
    @TempDir
    Path repo;

    private Git copyExample() throws Exception {
        dev.zerofail.TestFiles.copyTree(Path.of("examples/acme-platform"), repo);
        Git git = Git.init().setDirectory(repo.toFile()).setInitialBranch("main").call();
        commit(git, "example");
        return git;
    }

    private static void commit(Git git, String message) throws Exception {
        git.add().addFilepattern(".").call();
        git.add().addFilepattern(".").setUpdate(true).call();
        git.commit().setMessage(message).setAuthor("t", "t@example.invalid").setCommitter("t", "t@example.invalid")
                .setSign(false).call();
    }

    private static Map<String, Long> byRule(WorkflowSet set) {
        return WorkflowAnalyzer.run(set).result().byRule();
    }

    @Test
    void applyReachesTheTargetWithNoNewFindingsAndIsIdempotent() throws Exception {
        try (Git git = copyExample()) {
            WorkflowSet before = WorkflowSet.load(repo);
            Map<String, Long> rulesBefore = byRule(before);
            ConsolidationPlan plan = Planner.plan(before);
            assertThat(plan.archived()).hasSize(before.active().size());
            assertThat(plan.actions()).isNotEmpty();

            Applier.Result result = Applier.apply(before, plan, false, false);
            assertThat(result.written()).contains(Planner.PRODUCTION, Planner.STAGING, Planner.QUALITY,
                    Planner.SECRETS, Planner.EMERGENCY).doesNotContain(Planner.SECURITY);

            WorkflowSet after = WorkflowSet.load(repo);
            assertThat(after.failures()).isEmpty();
            // the definition of done: 5 or fewer workflows; the secret scan runs in the quality gate
            assertThat(after.active()).hasSize(5);
            String quality = Files.readString(repo.resolve(Planner.QUALITY));
            assertThat(quality).contains("secret-scan:").contains("zerofail scan --format sarif")
                    .contains("security-events: write").contains("github/codeql-action/upload-sarif");
            Map<String, Long> rulesAfter = byRule(after);
            assertThat(rulesBefore.keySet()).containsAll(rulesAfter.keySet());
            rulesAfter.forEach((rule, n) -> assertThat(n).as(rule).isLessThanOrEqualTo(rulesBefore.get(rule)));
            assertThat(rulesAfter).doesNotContainKeys("manual-ssh", "overlap-competing-deploys", "no-concurrency",
                    "mask-continue-on-error", "hardcoded-host");

            for (String file : plan.files().keySet()) {
                String text = Files.readString(repo.resolve(file));
                assertThat(text).as(file).doesNotContain("<<:").doesNotContainPattern("(?m):\\s+[&*][A-Za-z]")
                        .startsWith(Generator.MARK);
            }
            String emergency = Files.readString(repo.resolve(Planner.EMERGENCY));
            assertThat(emergency).contains("workflow_dispatch").contains("inputs.confirm == 'DEPLOY'");
            String deploy = Files.readString(repo.resolve(Planner.PRODUCTION));
            assertThat(deploy).contains("zerofail deploy --env production").contains("cancel-in-progress: false")
                    .contains("uses: ./.github/actions/build-image").contains("dorny/paths-filter").doesNotContain("ssh ");
            assertThat(Files.readString(repo.resolve(".github/actions/build-image/action.yml"))).contains("type=gha")
                    .contains("using: composite");

            commit(git, "consolidate");
            ConsolidationPlan again = Planner.plan(WorkflowSet.load(repo));
            assertThat(again.isNoOp()).isTrue();
            assertThat(Applier.apply(WorkflowSet.load(repo), again, false, false).written()).isEmpty();
        }
    }

    @Test
    void secretsOfCopiedStepsBecomeInputsOfTheCompositeAction() throws Exception {
        Path wf = repo.resolve(".github/workflows");
        Files.createDirectories(wf);
        String steps = """
                      - uses: actions/checkout@v4
                      - uses: actions/setup-node@v4
                      - run: npm ci
                        env:
                          NPM_TOKEN: ${{ secrets.NPM_TOKEN }}
                      - run: npm run lint
                      - run: npm test
                """;
        for (String name : new String[] {"a.yml", "b.yml"}) {
            Files.writeString(wf.resolve(name), "name: CI " + name + "\non: pull_request\njobs:\n  test:\n"
                    + "    runs-on: ubuntu-latest\n    steps:\n" + steps);
        }
        ConsolidationPlan plan = Planner.plan(WorkflowSet.load(repo));
        assertThat(plan.actions()).singleElement().satisfies(a -> assertThat(a.inputs()).containsExactly("NPM_TOKEN"));
        String action = plan.files().get(".github/actions/setup-and-test/action.yml");
        assertThat(action).contains("using: composite").contains("${{ inputs.npm-token }}").contains("shell: bash")
                .doesNotContain("secrets.").contains("cache: npm");
        assertThat(plan.files().get(Planner.QUALITY)).contains("uses: ./.github/actions/setup-and-test")
                .contains("npm-token: ${{ secrets.NPM_TOKEN }}");
    }

    @Test
    void refusesUncommittedChangesAndArchivesAnUnreadableWorkflow() throws Exception {
        try (Git git = copyExample()) {
            Files.writeString(repo.resolve("README.md"), "changed\n");
            WorkflowSet set = WorkflowSet.load(repo);
            assertThatThrownBy(() -> Applier.apply(set, Planner.plan(set), false, false))
                    .isInstanceOf(ZerofailException.class).hasMessageContaining("uncommitted changes");
            assertThat(repo.resolve(Planner.PRODUCTION)).doesNotExist();

            // GitHub cannot run a workflow it cannot parse: apply retires it and says so
            Files.writeString(repo.resolve(".github/workflows/broken.yml"), "on: push\njobs: [\n");
            WorkflowSet broken = WorkflowSet.load(repo);
            ConsolidationPlan plan = Planner.plan(broken);
            assertThat(plan.unreadable()).containsExactly(".github/workflows/broken.yml");
            assertThat(plan.unreadableProblems()).singleElement().satisfies(u -> {
                assertThat(u.path()).isEqualTo(".github/workflows/broken.yml");
                assertThat(u.problem()).isNotBlank();
            });
            Applier.apply(broken, plan, false, true);
            assertThat(repo.resolve(".github/workflows/broken.yml")).doesNotExist();
            assertThat(repo.resolve(".github/workflows/archive/broken.yml")).exists();
            assertThat(repo.resolve(Planner.PRODUCTION)).exists();
        }
    }

    @Test
    void dryRunShowsTheDiffAndWritesNothing() throws Exception {
        try (Git git = copyExample()) {
            WorkflowSet set = WorkflowSet.load(repo);
            Applier.Result r = Applier.apply(set, Planner.plan(set), true, false);
            assertThat(r.diff()).contains("+++ b/" + Planner.PRODUCTION).contains("rename from .github/workflows/deploy.yml");
            assertThat(git.status().call().isClean()).isTrue();
        }
    }

    @Test
    void theDefaultCoreSetIsFiveWorkflowsAndSecurityWorkflowsAreReplacedByTheQualityGatesScan() throws Exception {
        assertThat(WorkflowsConfig.defaults().core()).containsExactly("production", "staging", "secrets", "quality", "emergency");
        Path wf = repo.resolve(".github/workflows");
        Files.createDirectories(wf);
        Files.writeString(wf.resolve("trivy.yml"), """
                name: Trivy
                on:
                  push:
                    branches: [main]
                jobs:
                  scan:
                    runs-on: ubuntu-latest
                    steps:
                      - uses: actions/checkout@v4
                      - uses: aquasecurity/trivy-action@0.28.0
                        with: {scan-type: fs}
                """);
        Files.writeString(wf.resolve("ci.yml"), """
                name: CI
                on: [pull_request]
                jobs:
                  test:
                    runs-on: ubuntu-latest
                    steps:
                      - uses: actions/checkout@v4
                      - run: npm test
                """);
        ConsolidationPlan plan = Planner.plan(WorkflowSet.load(repo));
        assertThat(plan.targets().get(Planner.QUALITY)).contains(".github/workflows/trivy.yml", ".github/workflows/ci.yml");
        assertThat(plan.archived()).contains(".github/workflows/trivy.yml");
        assertThat(plan.files()).doesNotContainKey(Planner.SECURITY);
        String quality = plan.files().get(Planner.QUALITY);
        // the team's tests are copied; the security workflow's job is not, the scan takes its place
        assertThat(quality).contains("npm test").contains("secret-scan:").doesNotContain("trivy-action");
        assertThat(plan.files().keySet()).filteredOn(f -> f.startsWith(".github/workflows/")).hasSize(5);
    }

    @Test
    void theCoreSetIsConfigurable() throws Exception {
        try (Git git = copyExample()) {
            dev.zerofail.core.ConfigNode cfg = dev.zerofail.core.ConfigNode.parse("zerofail.yaml",
                    "workflows:\n  core: [production, quality, security]\n");
            ConsolidationPlan plan = Planner.plan(WorkflowSet.load(repo), WorkflowsConfig.from(cfg.get("workflows").get()));
            assertThat(plan.files().keySet()).filteredOn(f -> f.startsWith(".github/workflows/"))
                    .containsExactlyInAnyOrder(Planner.PRODUCTION, Planner.QUALITY, Planner.SECURITY);
            // with a security workflow of its own, the quality gate does not scan a second time
            assertThat(plan.files().get(Planner.QUALITY)).doesNotContain("secret-scan:").doesNotContain("zerofail scan");
            assertThat(plan.files().get(Planner.SECURITY)).contains("zerofail scan --format sarif");
            assertThat(plan.targets().get(Planner.PRODUCTION)).contains(".github/workflows/nightly.yml",
                    ".github/workflows/hotfix.yml");
            dev.zerofail.core.ConfigNode bad = dev.zerofail.core.ConfigNode.parse("zerofail.yaml",
                    "workflows:\n  core: [production, canary]\n");
            assertThatThrownBy(() -> WorkflowsConfig.from(bad.get("workflows").get()))
                    .isInstanceOfSatisfying(ZerofailException.class, e -> assertThat(e.describe())
                            .contains("zerofail.yaml:2").contains("canary"));
        }
    }
}
