package dev.zerofail.cli;

import dev.zerofail.core.AtomicFiles;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** Commands whose result is a document (a file, a script, a checklist) rather than a report. */
final class TextOutput {
    private TextOutput() {
    }

    /** Writes {@code text} to {@code output} atomically, or prints it when {@code output} is null. */
    static void write(Path output, String text, PrintWriter out) {
        if (output != null) {
            AtomicFiles.write(output, text.getBytes(StandardCharsets.UTF_8));
        } else {
            out.print(text);
            out.flush();
        }
    }
}
