package dev.zerofail.cli;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
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
 * into two string constants, plain and with ANSI colours, of a generated class
 * ({@code TopLevelHelpText}). Printing it then costs what {@code --version} costs instead of building
 * a model of the tree. A class, not a resource: classes come from the launcher's class-data archive,
 * while the first resource read opens the jar (its 20,000-entry directory: about 30 ms of CPU).
 * A command added to {@link Main#COMMANDS} shows up at the next build; {@code TopLevelHelpTest}
 * compares the constants with the live model.
 */
final class TopLevelHelp {
    /** The generated class, in this package. */
    static final String TEXT_CLASS = TopLevelHelp.class.getName() + "Text";

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
     * generated class (classes compiled outside Maven) or a width asked through picocli's property.
     */
    static String text() {
        if (System.getProperty("picocli.usage.width") != null) {
            return null;
        }
        String text = rendered(CommandLine.Help.Ansi.AUTO.enabled());
        // rendered with \n; picocli writes the platform's line separator
        return text == null || "\n".equals(System.lineSeparator()) ? text : text.replace("\n", System.lineSeparator());
    }

    /** The usage the build rendered, with or without colours; null when it did not. */
    static String rendered(boolean ansi) {
        try {
            return (String) Class.forName(TEXT_CLASS).getField(ansi ? "ANSI" : "PLAIN").get(null);
        } catch (ReflectiveOperationException e) {
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

    /** Build step: writes the class with both renderings under {@code args[0]} (target/classes). */
    public static void main(String[] args) throws IOException {
        Path file = Path.of(args[0]).resolve(TEXT_CLASS.replace('.', '/') + ".class");
        Files.createDirectories(file.getParent());
        Files.write(file, constants(TEXT_CLASS, new String[][] {{"PLAIN", render(false)}, {"ANSI", render(true)}}));
    }

    /**
     * A class file (Java 17) declaring only {@code public static final String} fields with constant values
     * ({@code fields}: name and value pairs): the JVM sets them when it links the class, so it has no code.
     */
    static byte[] constants(String className, String[][] fields) throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(buf);
        out.writeInt(0xCAFEBABE);
        out.writeShort(0); // minor
        out.writeShort(61); // major: Java 17
        out.writeShort(7 + 3 * fields.length); // constant pool count: entries + 1
        utf8(out, className.replace('.', '/')); // #1
        out.writeByte(7); // #2 Class #1
        out.writeShort(1);
        utf8(out, "java/lang/Object"); // #3
        out.writeByte(7); // #4 Class #3
        out.writeShort(3);
        utf8(out, "Ljava/lang/String;"); // #5
        utf8(out, "ConstantValue"); // #6
        for (int i = 0; i < fields.length; i++) { // #7+3i name, #8+3i text, #9+3i String #8+3i
            utf8(out, fields[i][0]);
            utf8(out, fields[i][1]); // writeUTF: at most 65,535 bytes, else UTFDataFormatException fails the build
            out.writeByte(8);
            out.writeShort(8 + 3 * i);
        }
        out.writeShort(0x0031); // public final super
        out.writeShort(2); // this
        out.writeShort(4); // super
        out.writeShort(0); // interfaces
        out.writeShort(fields.length);
        for (int i = 0; i < fields.length; i++) {
            out.writeShort(0x0019); // public static final
            out.writeShort(7 + 3 * i); // name
            out.writeShort(5); // descriptor
            out.writeShort(1); // attributes: ConstantValue
            out.writeShort(6);
            out.writeInt(2);
            out.writeShort(9 + 3 * i);
        }
        out.writeShort(0); // methods
        out.writeShort(0); // attributes
        out.flush();
        return buf.toByteArray();
    }

    private static void utf8(DataOutputStream out, String s) throws IOException {
        out.writeByte(1);
        out.writeUTF(s); // the class file's modified UTF-8, with its length first
    }
}
