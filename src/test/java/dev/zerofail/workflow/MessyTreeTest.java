package dev.zerofail.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zerofail.audit.Audit;
import dev.zerofail.audit.AuditResult;
import dev.zerofail.core.Finding;
import dev.zerofail.core.Report;
import dev.zerofail.core.Scorecard;
import dev.zerofail.core.Severity;
import dev.zerofail.core.ZerofailConfig;
import dev.zerofail.scan.Scanner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * fixtures/workflow/messy-tree: broken YAML in archive/ and in an active workflow, a scheduled
 * health monitor, images from Dockerfile.production, a build-push-action with context, file and
 * build args, a matrix over infrastructure/NAME/Dockerfile, a compose build: section, a build
 * from a URL, and a pull request title pasted into a script.
 */
class MessyTreeTest {
    static final Path FIXTURE = Path.of("src/test/resources/fixtures/workflow/messy-tree");

    @TempDir
    Path repo;

    @Test
    void archivedFilesNeverBlockAndTheBrokenActiveOneIsReported() {
        Report r = WorkflowAnalyzer.analyze(WorkflowSet.load(FIXTURE));
        Finding archived = only(r, "archived-workflow-parse-error");
        assertThat(archived.location().path()).isEqualTo(".github/workflows/archive/old-broken.yml");
        assertThat(archived.severity()).isEqualTo(Severity.LOW);
        Finding active = only(r, "workflow-parse-error");
        assertThat(active.location().path()).isEqualTo(".github/workflows/broken-active.yml");
        assertThat(active.location().line()).isEqualTo(10);
        // the readable archived workflow is inventoried, but what GitHub never runs is not judged
        assertThat(r.findings()).noneMatch(f -> f.location().path().contains("archive/legacy-deploy"));
    }

    @Test
    void expressionInjectionInRunIsAFindingWithItsLine() {
        Report r = WorkflowAnalyzer.analyze(WorkflowSet.load(FIXTURE));
        Finding f = only(r, "template-injection");
        assertThat(f.location().path()).isEqualTo(".github/workflows/pr-title.yml");
        assertThat(f.location().line()).isEqualTo(15); // the title line, not the number line above it
        assertThat(f.severity()).isEqualTo(Severity.HIGH);
        assertThat(f.message()).contains("github.event.pull_request.title").doesNotContain("number");
    }

    @Test
    void applyArchivesTheUnreadableFoldsTheMonitorAndPassesTheAuditCount() throws Exception {
        dev.zerofail.TestFiles.copyTree(FIXTURE, repo);
        WorkflowSet before = WorkflowSet.load(repo);
        ConsolidationPlan plan = Planner.plan(before);
        assertThat(plan.unreadable()).containsExactly(".github/workflows/broken-active.yml");
        assertThat(plan.archived()).contains(".github/workflows/broken-active.yml", ".github/workflows/health-monitor.yml");
        assertThat(plan.folded()).containsEntry(Planner.QUALITY, List.of(".github/workflows/health-monitor.yml"));
        assertThat(plan.kept()).isEmpty();

        Applier.apply(before, plan, false, true);
        WorkflowSet after = WorkflowSet.load(repo);
        assertThat(after.activeFailures()).isEmpty();
        assertThat(after.active()).hasSizeLessThanOrEqualTo(WorkflowsConfig.defaults().core().size());
        assertThat(Files.exists(repo.resolve(".github/workflows/archive/broken-active.yml"))).isTrue();
        assertThat(Files.readString(repo.resolve(".github/workflows/archive/old-broken.yml")))
                .isEqualTo(Files.readString(FIXTURE.resolve(".github/workflows/archive/old-broken.yml")));

        // the monitor runs on its schedule only, the quality jobs never on it
        String quality = Files.readString(repo.resolve(Planner.QUALITY));
        assertThat(quality).contains("cron: '*/15 * * * *'").contains("Probe the public endpoints")
                .contains("if: ${{ (github.event_name == 'schedule' && (github.event.schedule == '*/15 * * * *'))"
                        + " || github.event_name == 'workflow_dispatch' }}")
                .contains("if: ${{ github.event_name == 'pull_request' || github.event_name == 'push' }}")
                .contains("workflow_dispatch: {}");

        Report audit = Audit.run(repo, ZerofailConfig.load(repo, null), Scanner.Progress.NONE);
        Scorecard.Check count = ((AuditResult) audit.result()).scorecard().sections().stream().flatMap(s -> s.checks().stream())
                .filter(c -> c.id().equals("workflows.count")).findFirst().orElseThrow();
        assertThat(count.passed()).as(count.detail()).isTrue();

        // a second run has nothing to do
        assertThat(Planner.plan(WorkflowSet.load(repo)).isNoOp()).isTrue();
    }

    @Test
    void theDeployWorkflowBuildsTheImagesTheTeamBuildsToday() {
        ConsolidationPlan plan = Planner.plan(WorkflowSet.load(FIXTURE));
        assertThat(plan.services()).containsOnlyKeys("api", "platform", "proxy", "web", "worker");
        assertThat(plan.services()).containsEntry("proxy", "infrastructure/proxy").containsEntry("web", "frontend")
                .containsEntry("api", "backend").containsEntry("platform", ".");
        String deploy = plan.files().get(Planner.PRODUCTION);
        assertThat(deploy)
                .contains("proxy:\n              - 'infrastructure/proxy/**'")
                .contains("web:\n              - 'frontend/**'")
                .contains("api:\n              - 'backend/**'")
                .contains("matrix.service == 'platform' && 'Dockerfile.production'")
                .contains("matrix.service == 'web' && 'frontend/Dockerfile.prod'")
                .contains("matrix.service == 'platform' && 'NODE_ENV=production'")
                .contains("matrix.service == 'api' && 'PYTHON_VERSION=3.12'")
                .contains("format('VITE_SENTRY_DSN={0}', secrets.SENTRY_DSN)")
                .contains("matrix.service == 'web' && 'ghcr.io/acme/web'")
                .contains("matrix.service == 'worker' && 'ghcr.io/acme/worker'")
                .contains("registry-host: ghcr.io");
        assertThat(plan.images().unmapped()).anyMatch(u -> u.kind() == ConsolidationPlan.UnmappedKind.UNRESOLVED_CONTEXT
                && u.value().contains("https://github.com/acme/remote.git") && u.where().contains("infrastructure.yml:24"));
    }

    private static Finding only(Report r, String rule) {
        List<Finding> f = r.findings().stream().filter(x -> x.rule().equals(rule)).toList();
        assertThat(f).as(rule).hasSize(1);
        return f.get(0);
    }
}
