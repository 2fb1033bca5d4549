package dev.zerofail.report;

import dev.zerofail.core.Report;
import dev.zerofail.core.ZerofailException;
import java.io.IOException;
import java.io.Writer;

/** Renders a {@link Report} (or an error) in one format. Never sees a secret value: findings carry masked forms. */
public interface Reporter {
    String render(Report report);

    /**
     * Writes what {@link #render} returns to {@code out}. Formats whose reports can be long (a scan's
     * findings, read back from disk) override it to stream, so the document is never whole in memory.
     */
    default void write(Report report, Writer out) throws IOException {
        out.write(render(report));
    }

    /**
     * How an error of {@code command} ("secrets verify") looks in this format; text formats return null
     * and the CLI prints one line to stderr.
     */
    default String renderError(String command, ZerofailException error) {
        return null;
    }
}
