package dev.zerofail.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zerofail.audit.Audit;
import dev.zerofail.audit.AuditResult;
import dev.zerofail.core.Report;
import dev.zerofail.core.Scorecard;
import dev.zerofail.core.ZerofailConfig;
import dev.zerofail.scan.Scanner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * workflows apply on every real workflow set of the shared corpus (../shared/corpus/workflows,
 * one folder per repository; composite actions stored as actions__NAME__action.yml): it succeeds,
 * leaves no unreadable active workflow, at most the core set active, and audit's workflow count
 * passes on the result. Skipped when the corpus is absent, failed when it is absent under CI.
 */
class CorpusApplyTest {
    @TempDir
    Path work;

    static Path corpus() {
        return dev.zerofail.TestEnv.sharedCorpus().resolve("workflows");
    }

    @Test
    void applySucceedsOnEveryCorpusSet() throws IOException {
        Path corpus = corpus();
        List<Path> sets;
        try (Stream<Path> s = Files.list(corpus)) {
            sets = s.filter(Files::isDirectory).sorted().toList();
        }
        assertThat(sets).hasSizeGreaterThanOrEqualTo(10);
        int core = WorkflowsConfig.defaults().core().size();
        for (Path set : sets) {
            Path repo = stage(set);
            WorkflowSet before = WorkflowSet.load(repo);
            ConsolidationPlan plan = Planner.plan(before);
            Applier.apply(before, plan, false, true);
            WorkflowSet after = WorkflowSet.load(repo);
            String name = set.getFileName().toString();
            assertThat(after.activeFailures()).as(name).isEmpty();
            assertThat(after.active()).as(name + ": " + plan.keptReasons()).hasSizeLessThanOrEqualTo(core);
            Report audit = Audit.run(repo, ZerofailConfig.load(repo, null), Scanner.Progress.NONE);
            Scorecard.Check count = ((AuditResult) audit.result()).scorecard().sections().stream().flatMap(s -> s.checks().stream())
                    .filter(c -> c.id().equals("workflows.count")).findFirst().orElseThrow();
            assertThat(count.passed()).as(name + ": " + count.detail()).isTrue();
            assertThat(Planner.plan(after).isNoOp()).as(name + ": a second apply changes nothing").isTrue();
        }
    }

    private Path stage(Path set) throws IOException {
        Path repo = work.resolve(set.getFileName().toString());
        Path wf = Files.createDirectories(repo.resolve(".github/workflows"));
        try (Stream<Path> s = Files.list(set)) {
            for (Path f : s.filter(Files::isRegularFile).toList()) {
                String n = f.getFileName().toString();
                if (n.startsWith("actions__") && n.endsWith("__action.yml")) {
                    String action = n.substring("actions__".length(), n.length() - "__action.yml".length());
                    Files.copy(f, Files.createDirectories(repo.resolve(".github/actions/" + action)).resolve("action.yml"));
                } else {
                    Files.copy(f, wf.resolve(n));
                }
            }
        }
        return repo;
    }
}
