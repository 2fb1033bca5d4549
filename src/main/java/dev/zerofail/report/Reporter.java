package dev.zerofail.report;

import dev.zerofail.core.Report;
import dev.zerofail.core.ZerofailException;

/** Renders a {@link Report} (or an error) in one format. Never sees a secret value: findings carry masked forms. */
public interface Reporter {
    String render(Report report);

    /**
     * How an error of {@code command} ("secrets verify") looks in this format; text formats return null
     * and the CLI prints one line to stderr.
     */
    default String renderError(String command, ZerofailException error) {
        return null;
    }
}
