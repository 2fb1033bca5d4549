package dev.zerofail.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.IllegalFormatException;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * picocli runs every help text through String.format: a lone '%' ("95%") makes it print a
 * "[picocli WARN] Could not format" line on standard error and leave %n unexpanded, so each header,
 * description, footer and option text of the whole command tree must be a valid format string.
 */
class HelpFormatTest {
    @Test
    void everyHelpTextIsAValidFormatString() {
        PrintStream none = new PrintStream(OutputStream.nullOutputStream());
        List<String> bad = new ArrayList<>();
        walk(Main.commandLine(none, none), bad);
        assertThat(bad).isEmpty();
    }

    private static void walk(CommandLine cl, List<String> bad) {
        CommandSpec spec = cl.getCommandSpec();
        List<String> texts = new ArrayList<>();
        texts.addAll(List.of(spec.usageMessage().header()));
        texts.addAll(List.of(spec.usageMessage().description()));
        texts.addAll(List.of(spec.usageMessage().footer()));
        for (ArgSpec arg : spec.args()) {
            texts.addAll(List.of(arg.description()));
        }
        for (String text : texts) {
            try {
                String.format(text);
            } catch (IllegalFormatException e) {
                bad.add(spec.qualifiedName() + ": " + text);
            }
        }
        cl.getSubcommands().values().forEach(sub -> walk(sub, bad));
    }
}
