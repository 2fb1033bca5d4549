package dev.zerofail.cli;

import dev.zerofail.core.ExitCode;
import dev.zerofail.core.Report;
import dev.zerofail.core.Severity;
import picocli.CommandLine.Option;

/**
 * {@code --fail-on} and the rule it states, in one place: a finding at or above the threshold
 * fails the command (exit 1). One mixin per default, because picocli reads an option's default
 * and its help text from the annotation.
 */
abstract class FailOn {
    abstract Severity threshold();

    /** FINDINGS when a finding of {@code report} is at or above the threshold, else OK. */
    final ExitCode exitCode(Report report) {
        return report.countAtLeast(threshold()) > 0 ? ExitCode.FINDINGS : ExitCode.OK;
    }

    /** For analyses whose findings below high are advice: compose analyze, workflows analyze. */
    static final class High extends FailOn {
        @Option(names = "--fail-on", paramLabel = "SEVERITY",
                description = "exit 1 when a finding is at or above this: info, low, medium, high, critical (default: high)")
        Severity failOn = Severity.HIGH;

        @Override
        Severity threshold() {
            return failOn;
        }
    }

    static final class Medium extends FailOn {
        @Option(names = "--fail-on", paramLabel = "SEVERITY",
                description = "exit 1 when a finding is at or above this: info, low, medium, high, critical (default: medium)")
        Severity failOn = Severity.MEDIUM;

        @Override
        Severity threshold() {
            return failOn;
        }
    }

    /** scan: the default comes from zerofail.yaml ({@code scan.failOn}), which the command reads. */
    static final class Configured extends FailOn {
        @Option(names = "--fail-on", paramLabel = "SEVERITY",
                description = "exit 1 when a finding is at or above this: info, low, medium, high, critical "
                        + "(default: scan.failOn from zerofail.yaml, else medium)")
        Severity failOn;

        private Severity configured = Severity.MEDIUM;

        /** The threshold when --fail-on is not given. */
        Configured orElse(Severity configured) {
            this.configured = configured;
            return this;
        }

        @Override
        Severity threshold() {
            return failOn != null ? failOn : configured;
        }
    }
}
