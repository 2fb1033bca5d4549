package dev.zerofail.cli;

import picocli.CommandLine.Command;

@Command(name = "dashboards", header = "Export the Grafana dashboard and alert rules.",
        mixinStandardHelpOptions = true,
        description = {"The Grafana dashboard and Prometheus alert rules for the metrics zerofail serve exposes on /metrics "
                + "(docs/metrics.md)."},
        subcommands = {DashboardsExportCommand.class})
public final class DashboardsCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
