package dev.zerofail.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine;

/**
 * {@code zerofail}, {@code zerofail --help}, {@code -h} and {@code help}: the top-level usage,
 * rendered at build time from the full picocli model (Maven runs {@link #main} after compiling)
 * into two resources, plain and with ANSI colours. Printing it then costs what {@code --version}
 * costs instead of building a model of the tree. A command added to {@link Main#COMMANDS} shows up
 * at the next build; {@code TopLevelHelpTest} compares the resources with the live model.
 */
final class TopLevelHelp {
    static final String PLAIN = "top-level-help.txt";
    static final String ANSI = "top-level-help.ansi.txt";

    private TopLevelHelp() {
    }

    /** Whether {@code args} ask for the top-level usage and nothing else. */
    static boolean asked(String... args) {
        if (args.length == 0) {
            return true;
        }
        if (args.length > 1) {
            return false;
        }
        String a = args[0];
        return a.equals("--help") || a.equals("-h") || a.equals("help");
    }

    /**
     * The usage picocli would print now, or null when it cannot be told without picocli: no
     * resource (classes compiled outside Maven) or a width asked through picocli's property.
     */
    static String text() {
        if (System.getProperty("picocli.usage.width") != null) {
            return null;
        }
        boolean ansi = CommandLine.Help.Ansi.AUTO.enabled();
        try (InputStream in = TopLevelHelp.class.getResourceAsStream(ansi ? ANSI : PLAIN)) {
            if (in == null) {
                return null;
            }
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            // rendered with \n; picocli writes the platform's line separator
            return "\n".equals(System.lineSeparator()) ? text : text.replace("\n", System.lineSeparator());
        } catch (IOException e) {
            return null;
        }
    }

    /** The usage of the full tree as picocli prints it for {@code --help}, with or without colours. */
    static String render(boolean ansi) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream none = new PrintStream(OutputStream.nullOutputStream());
        CommandLine cl = Main.commandLine(new PrintStream(out, true, StandardCharsets.UTF_8), none);
        StringWriter w = new StringWriter();
        cl.usage(new PrintWriter(w, true), CommandLine.Help.defaultColorScheme(ansi ? CommandLine.Help.Ansi.ON
                : CommandLine.Help.Ansi.OFF));
        return w.toString().replace(System.lineSeparator(), "\n");
    }

    /** Build step: writes both resources under {@code args[0]} (target/classes). */
    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args[0]).resolve(TopLevelHelp.class.getPackageName().replace('.', '/'));
        Files.createDirectories(dir);
        Files.writeString(dir.resolve(PLAIN), render(false), StandardCharsets.UTF_8);
        Files.writeString(dir.resolve(ANSI), render(true), StandardCharsets.UTF_8);
    }
}
