package dev.zerofail.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.zerofail.core.ConfigNode;
import dev.zerofail.core.Scorecard;
import dev.zerofail.core.ZerofailException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DocsAuditTest {
    @TempDir
    Path dir;

    @Test
    void neitherReadmeNorRunbookFailsBothWithWhatToAdd() {
        Scorecard.Section s = DocsAudit.section(DocsAudit.measure(dir, AuditConfig.defaults()));
        assertThat(s.passed()).isFalse();
        assertThat(s.checks()).extracting(Scorecard.Check::passed).containsExactly(false, false);
        assertThat(s.checks().get(0).detail()).isEqualTo("no README at the root");
        assertThat(s.checks().get(0).fix()).startsWith("add README.md");
        assertThat(s.checks().get(1).detail()).isEqualTo("no runbook at docs/runbook*.md or RUNBOOK*");
        assertThat(s.checks().get(1).fix()).startsWith("add docs/runbook.md");
    }

    @Test
    void anyCaseAndExtensionCount() throws Exception {
        Files.writeString(dir.resolve("readme.rst"), "Acme\n====\n");
        Files.writeString(dir.resolve("RUNBOOK.txt"), "If a deploy fails: zerofail rollback\n");
        DocsAudit.DocsFigures f = DocsAudit.measure(dir, AuditConfig.defaults());
        assertThat(f.readme()).isEqualTo("readme.rst");
        assertThat(f.runbook()).isEqualTo("RUNBOOK.txt");
        assertThat(DocsAudit.section(f).passed()).isTrue();

        Files.createDirectories(dir.resolve("docs"));
        Files.writeString(dir.resolve("docs/runbook-prod.md"), "# Prod\n");
        assertThat(DocsAudit.measure(dir, AuditConfig.defaults()).runbook()).as("docs/ first").isEqualTo("docs/runbook-prod.md");
    }

    @Test
    void anEmptyFileIsNotDocumentation() throws Exception {
        Files.writeString(dir.resolve("README.md"), "  \n\n");
        Files.createDirectories(dir.resolve("docs"));
        Files.writeString(dir.resolve("docs/runbook.md"), "");
        Scorecard.Section s = DocsAudit.section(DocsAudit.measure(dir, AuditConfig.defaults()));
        assertThat(s.checks()).extracting(Scorecard.Check::passed).containsExactly(false, false);
        assertThat(s.checks().get(0).detail()).isEqualTo("README.md is empty");
        assertThat(s.checks().get(1).detail()).isEqualTo("docs/runbook.md is empty");
    }

    @Test
    void aConfiguredRunbookIsTheOnlyOneLookedFor() throws Exception {
        Files.writeString(dir.resolve("README.md"), "# Acme\n");
        Files.writeString(dir.resolve("RUNBOOK.md"), "# Runbook\n");
        AuditConfig cfg = AuditConfig.from(ConfigNode.parse("zerofail.yaml", "runbook: ops/on-call.md\n"));
        Scorecard.Check missing = DocsAudit.section(DocsAudit.measure(dir, cfg)).checks().get(1);
        assertThat(missing.passed()).isFalse();
        assertThat(missing.detail()).isEqualTo("no runbook at ops/on-call.md (audit.runbook)");
        assertThat(missing.fix()).startsWith("add ops/on-call.md");

        Files.createDirectories(dir.resolve("ops"));
        Files.writeString(dir.resolve("ops/on-call.md"), "# On call\n");
        assertThat(DocsAudit.section(DocsAudit.measure(dir, cfg)).passed()).isTrue();

        assertThatThrownBy(() -> AuditConfig.from(ConfigNode.parse("zerofail.yaml", "runbook: ../elsewhere.md\n")))
                .isInstanceOf(ZerofailException.class).hasMessageContaining("audit.runbook");
    }
}
