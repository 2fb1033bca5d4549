package dev.zerofail.cli;

import dev.zerofail.core.ExitCode;
import dev.zerofail.core.Report;
import dev.zerofail.core.ZerofailException;
import dev.zerofail.metrics.DashboardExport;
import dev.zerofail.metrics.DashboardsResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "export", header = "Write the Grafana dashboard JSON and the Prometheus alert rules.",
        mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Writes DIR/zerofail.json, a Grafana dashboard (data source, environment and service variables; "
                + "success rate against 95%%, deploys per day, rollbacks by reason, durations, detection and restore times, "
                + "deploys in progress, service health, DORA figures, audit checks), and FILE, Prometheus alert rules with "
                + "severity labels and runbook links (docs/runbook.md). monitoring/ runs both in Prometheus and Grafana."})
public final class DashboardsExportCommand implements java.util.concurrent.Callable<Integer>, Main.HasOutput {
    @picocli.CommandLine.Mixin
    OutputOptions output = new OutputOptions();

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public OutputOptions output() {
        return output;
    }

    @Option(names = "--grafana", paramLabel = "DIR", description = "write the dashboard to DIR/zerofail.json")
    Path grafana;

    @Option(names = "--prometheus-rules", paramLabel = "FILE", description = "write the alert rules to FILE")
    Path rules;

    @Option(names = "--runbook", paramLabel = "URL", description = "where the alerts' runbook_url points, before #section "
            + "(default: ${DEFAULT-VALUE})")
    String runbook = "docs/runbook.md";

    @Override
    public Integer call() {
        if (grafana == null && rules == null) {
            throw ZerofailException.usage("dashboards export", "nothing to write",
                    "pass --grafana DIR, --prometheus-rules FILE, or both");
        }
        if (grafana != null && !Files.isDirectory(grafana)) {
            throw ZerofailException.usage("--grafana " + grafana, "not a directory", "create it, or name an existing directory");
        }
        if (rules != null && Files.isDirectory(rules)) {
            throw ZerofailException.usage("--prometheus-rules " + rules, "is a directory", "name a file, e.g. zerofail-rules.yml");
        }
        DashboardsResult result = DashboardExport.export(grafana, rules, runbook);
        output.emit(new Report("dashboards export", Path.of("").toAbsolutePath().toString(), result, List.of(), List.of()),
                spec.commandLine().getOut());
        return ExitCode.OK.code();
    }
}
