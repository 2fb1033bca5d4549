// Build-time helper of scripts/release, run as a single-file program against the shaded jar:
//   java -cp target/zerofail.jar scripts/release-tool/ReleaseTool.java man OUTDIR
//   java -cp target/zerofail.jar scripts/release-tool/ReleaseTool.java fish OUTFILE
//   java -cp target/zerofail.jar scripts/release-tool/ReleaseTool.java licenses JAR M2REPO OUTDIR [DEPS]
//   java -cp target/zerofail.jar scripts/release-tool/ReleaseTool.java all STAGE M2REPO [DEPS]
// Man pages and fish completion come from the picocli model (the same one --help prints), so they
// cannot drift from the CLI. Troff is written directly: no AsciiDoc toolchain is needed offline.
// Licences: every artifact bundled in the shaded jar (DEPS, the output of `mvn dependency:list`, and
// the jar's META-INF/maven/**/pom.properties, which also names artifacts shaded into a dependency), the
// licences its POM declares (parents followed in the local repository) and the LICENSE/NOTICE
// files of the original jar.

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

public class ReleaseTool {
    public static void main(String[] args) throws Exception {
        switch (args.length > 0 ? args[0] : "") {
            case "man" -> man(root(), Path.of(args[1]));
            case "fish" -> write(Path.of(args[1]), fish(root()));
            case "licenses" -> licenses(Path.of(args[1]), Path.of(args[2]), Path.of(args[3]), args.length > 4 ? Path.of(args[4]) : null);
            case "all" -> { // all STAGE M2REPO [DEPS]: what scripts/release needs, in one JVM
                Path stage = Path.of(args[1]);
                man(root(), stage.resolve("man/man1"));
                write(stage.resolve("completion/zerofail.fish"), fish(root()));
                licenses(stage.resolve("lib/zerofail.jar"), Path.of(args[2]), stage, args.length > 3 ? Path.of(args[3]) : null);
            }
            default -> {
                System.err.println("usage: ReleaseTool man OUTDIR | fish OUTFILE | licenses JAR M2REPO OUTDIR | all STAGE M2REPO");
                System.exit(2);
            }
        }
    }

    /** The CLI's own command tree (Main.commandLine is package-private: the tool runs outside the package). */
    static CommandLine root() throws Exception {
        Class<?> main = Class.forName("dev.zerofail.cli.Main");
        Method m = main.getDeclaredMethod("commandLine", PrintStream.class, PrintStream.class);
        m.setAccessible(true);
        CommandLine cl = (CommandLine) m.invoke(null, System.out, System.err);
        cl.setColorScheme(CommandLine.Help.defaultColorScheme(CommandLine.Help.Ansi.OFF));
        cl.setUsageHelpWidth(1000); // one synopsis line: man fills it
        return cl;
    }

    static void write(Path file, String text) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.writeString(file, text, StandardCharsets.UTF_8);
    }

    static List<CommandLine> visible(CommandLine cl) {
        List<CommandLine> out = new ArrayList<>();
        for (Map.Entry<String, CommandLine> e : cl.getSubcommands().entrySet()) {
            CommandLine sub = e.getValue();
            // aliases appear as extra keys: keep each command once, under its name
            if (!e.getKey().equals(sub.getCommandName()) || sub.getCommandSpec().usageMessage().hidden()) continue;
            out.add(sub);
        }
        return out;
    }

    // ---------------------------------------------------------------- man pages (troff, man(7) macros)

    static void man(CommandLine cl, Path dir) throws IOException {
        CommandSpec spec = cl.getCommandSpec();
        String page = spec.qualifiedName("-");
        write(dir.resolve(page + ".1"), manPage(cl));
        for (CommandLine sub : visible(cl)) man(sub, dir);
    }

    static String manPage(CommandLine cl) {
        CommandSpec spec = cl.getCommandSpec();
        String page = spec.qualifiedName("-");
        String version = CommandLine.Help.Ansi.OFF.string(String.join(" ", cl.getParent() == null
                ? cl.getCommandSpec().version() : rootOf(cl).getCommandSpec().version()));
        version = version.isBlank() ? "zerofail" : version.lines().findFirst().orElse("zerofail");
        String[] desc = spec.usageMessage().description();
        String summary = desc.length > 0 ? firstSentence(desc[0]) : spec.qualifiedName();
        StringBuilder b = new StringBuilder();
        b.append(".\\\" Generated from the picocli model by scripts/release-tool/ReleaseTool.java; do not edit.\n");
        b.append(".TH \"").append(page.toUpperCase()).append("\" \"1\" \"\" \"").append(esc(version))
                .append("\" \"zerofail manual\"\n");
        b.append(".SH NAME\n").append(esc(page)).append(" \\- ").append(esc(summary)).append('\n');
        b.append(".SH SYNOPSIS\n").append(esc(cl.getHelp().synopsis(0).strip().replaceAll("\\s+", " "))).append('\n');
        if (desc.length > 0) {
            b.append(".SH DESCRIPTION\n");
            paragraphs(b, desc);
        }
        List<PositionalParamSpec> params = spec.positionalParameters().stream().filter(p -> !p.hidden()).toList();
        if (!params.isEmpty()) {
            b.append(".SH ARGUMENTS\n");
            for (PositionalParamSpec p : params) {
                b.append(".TP\n.I ").append(esc(p.paramLabel())).append('\n');
                paragraphs(b, p.description());
            }
        }
        List<OptionSpec> options = spec.options().stream().filter(o -> !o.hidden()).toList();
        if (!options.isEmpty()) {
            b.append(".SH OPTIONS\n");
            for (OptionSpec o : options) {
                String names = esc(String.join(", ", o.names()));
                if (o.arity().max() > 0) b.append(".TP\n.BI \"").append(names).append(" \" \"").append(esc(o.paramLabel())).append("\"\n");
                else b.append(".TP\n.B \"").append(names).append("\"\n");
                paragraphs(b, o.description());
            }
        }
        List<CommandLine> subs = visible(cl);
        if (!subs.isEmpty()) {
            b.append(".SH COMMANDS\n");
            for (CommandLine sub : subs) {
                String[] d = sub.getCommandSpec().usageMessage().description();
                b.append(".TP\n.B ").append(esc(sub.getCommandName())).append('\n')
                        .append(esc(d.length > 0 ? d[0].strip() : "")).append('\n')
                        .append("See \\fB").append(esc(sub.getCommandSpec().qualifiedName("-"))).append("\\fR(1).\n");
            }
        }
        Map<String, String> codes = spec.usageMessage().exitCodeList();
        if (!codes.isEmpty()) {
            b.append(".SH EXIT STATUS\n");
            for (Map.Entry<String, String> e : codes.entrySet()) {
                b.append(".TP\n.B ").append(esc(e.getKey().strip())).append('\n').append(esc(e.getValue())).append('\n');
            }
        }
        String[] footer = spec.usageMessage().footer();
        if (String.join("", footer).strip().length() > 0) {
            b.append(".SH NOTES\n");
            paragraphs(b, footer);
        }
        b.append(".SH SEE ALSO\n");
        List<String> see = new ArrayList<>();
        if (cl.getParent() != null) see.add("\\fB" + esc(cl.getParent().getCommandSpec().qualifiedName("-")) + "\\fR(1)");
        for (CommandLine sub : subs) see.add("\\fB" + esc(sub.getCommandSpec().qualifiedName("-")) + "\\fR(1)");
        see.add("the docs/ folder of the zerofail repository");
        b.append(String.join(", ", see)).append('\n');
        return b.toString();
    }

    static CommandLine rootOf(CommandLine cl) {
        while (cl.getParent() != null) cl = cl.getParent();
        return cl;
    }

    /** Description lines: a blank line starts a paragraph; other lines keep their breaks (they are often lists). */
    static void paragraphs(StringBuilder b, String[] lines) {
        boolean pending = false;
        for (String raw : lines) {
            for (String line : raw.split("%n|\n", -1)) {
                if (line.isBlank()) {
                    pending = true;
                    continue;
                }
                if (pending) b.append(".PP\n");
                pending = false;
                b.append(esc(line.strip())).append("\n.br\n");
            }
        }
    }

    /** Troff escaping: backslashes, hyphens (so options copy and paste), and control characters at line start. */
    static String esc(String s) {
        String t = CommandLine.Help.Ansi.OFF.string(s).replace("\\", "\\e").replace("-", "\\-");
        StringBuilder out = new StringBuilder();
        for (String line : t.split("\n", -1)) {
            if (out.length() > 0) out.append('\n');
            if (line.startsWith(".") || line.startsWith("'")) out.append("\\&");
            out.append(line);
        }
        return out.toString();
    }

    // ---------------------------------------------------------------- fish completion

    static String fish(CommandLine root) {
        StringBuilder b = new StringBuilder();
        List<String> paths = new ArrayList<>();
        collect(root, paths);
        b.append("# fish completion for zerofail, generated from the picocli model by scripts/release-tool/ReleaseTool.java\n");
        b.append("set -g __zerofail_commands");
        for (String p : paths) b.append(' ').append(quote(p));
        b.append("\n\n");
        b.append("""
                # The command path typed so far, e.g. "zerofail secrets sync".
                function __zerofail_path
                    set -l path zerofail
                    for t in (commandline -opc)[2..-1]
                        if contains -- "$path $t" $__zerofail_commands
                            set path "$path $t"
                        end
                    end
                    echo $path
                end

                function __zerofail_is
                    set -l p (__zerofail_path)
                    test "$p" = (string join ' ' zerofail $argv)
                end

                complete -c zerofail -f
                """);
        fishCommand(root, b);
        return b.toString();
    }

    static void collect(CommandLine cl, List<String> paths) {
        paths.add(cl.getCommandSpec().qualifiedName(" "));
        for (CommandLine sub : visible(cl)) collect(sub, paths);
    }

    static void fishCommand(CommandLine cl, StringBuilder b) {
        CommandSpec spec = cl.getCommandSpec();
        String qualified = spec.qualifiedName(" ");
        String cond = "__zerofail_is" + qualified.substring("zerofail".length());
        b.append("\n# ").append(qualified).append('\n');
        for (CommandLine sub : visible(cl)) {
            String[] d = sub.getCommandSpec().usageMessage().description();
            b.append("complete -c zerofail -n ").append(quote(cond)).append(" -a ").append(quote(sub.getCommandName()))
                    .append(" -d ").append(quote(d.length > 0 ? firstSentence(d[0]) : "")).append('\n');
        }
        for (OptionSpec o : spec.options()) {
            if (o.hidden()) continue;
            b.append("complete -c zerofail -n ").append(quote(cond));
            for (String name : o.names()) {
                if (name.startsWith("--")) b.append(" -l ").append(name.substring(2));
                else if (name.startsWith("-") && name.length() == 2) b.append(" -s ").append(name.substring(1));
                else b.append(" -o ").append(name.substring(1));
            }
            if (o.arity().max() > 0) {
                Class<?> type = o.type();
                boolean file = Path.class.isAssignableFrom(type) || java.io.File.class.equals(type);
                if (o.completionCandidates() != null && o.completionCandidates().iterator().hasNext()) {
                    List<String> c = new ArrayList<>();
                    o.completionCandidates().forEach(c::add);
                    // enum constants (TEXT, JSON) that the option documents, and so accepts, in lower case
                    String help = String.join(" ", o.description());
                    if (o.type().isEnum() && c.stream().allMatch(x -> help.contains(x.toLowerCase(java.util.Locale.ROOT)))) {
                        c.replaceAll(x -> x.toLowerCase(java.util.Locale.ROOT));
                    }
                    b.append(" -x -a ").append(quote(String.join(" ", c)));
                } else if (file) {
                    b.append(" -r -F");
                } else {
                    b.append(" -x");
                }
            }
            String[] d = o.description();
            b.append(" -d ").append(quote(d.length > 0 ? firstSentence(d[0]) : "")).append('\n');
        }
        // positional parameters that are paths: complete files there
        boolean filePositional = spec.positionalParameters().stream()
                .anyMatch(p -> Path.class.isAssignableFrom(p.type()) || java.io.File.class.equals(p.type())
                        || (p.auxiliaryTypes().length > 0 && Path.class.isAssignableFrom(p.auxiliaryTypes()[0])));
        if (filePositional) b.append("complete -c zerofail -n ").append(quote(cond)).append(" -F\n");
        for (CommandLine sub : visible(cl)) fishCommand(sub, b);
    }

    static String firstSentence(String s) {
        String t = CommandLine.Help.Ansi.OFF.string(s).replace("%n", " ").strip();
        int dot = t.indexOf(". ");
        return dot > 0 ? t.substring(0, dot + 1) : t;
    }

    static String quote(String s) {
        return "'" + s.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }

    // ---------------------------------------------------------------- third-party licences

    record Artifact(String group, String artifact, String version) {
        String gav() { return group + ":" + artifact + ":" + version; }
        Path dir(Path repo) { return repo.resolve(group.replace('.', '/')).resolve(artifact).resolve(version); }
    }

    static final Pattern DEP_LINE = Pattern.compile("^\\s+([^:\\s]+):([^:\\s]+):jar(?::[^:\\s]+)?:([^:\\s]+):(?:compile|runtime)\\b.*");

    static void licenses(Path jar, Path repo, Path out, Path deps) throws IOException {
        TreeMap<String, Artifact> bundled = new TreeMap<>();
        if (deps != null) {
            // jars built without Maven (picocli, Bouncy Castle) carry no pom.properties: the list names them
            for (String line : Files.readAllLines(deps)) {
                Matcher m = DEP_LINE.matcher(line);
                if (m.matches()) {
                    Artifact a = new Artifact(m.group(1), m.group(2), m.group(3));
                    bundled.put(a.gav(), a);
                }
            }
            if (bundled.isEmpty()) throw new IOException(deps + " lists no compile or runtime jar");
        }
        Map<String, String> embeddedPoms = new TreeMap<>();
        try (ZipFile z = new ZipFile(jar.toFile())) {
            for (ZipEntry e : java.util.Collections.list(z.entries())) {
                if (!e.getName().startsWith("META-INF/maven/") || !e.getName().endsWith("/pom.properties")) continue;
                Properties p = new Properties();
                try (InputStream in = z.getInputStream(e)) { p.load(in); }
                Artifact a = new Artifact(p.getProperty("groupId"), p.getProperty("artifactId"), p.getProperty("version"));
                if (a.group() == null || a.group().equals("dev.zerofail")) continue;
                bundled.put(a.gav(), a);
                ZipEntry pom = z.getEntry(e.getName().replace("pom.properties", "pom.xml"));
                if (pom != null) {
                    try (InputStream in = z.getInputStream(pom)) {
                        embeddedPoms.put(a.gav(), new String(in.readAllBytes(), StandardCharsets.UTF_8));
                    }
                }
            }
        }
        StringBuilder list = new StringBuilder("""
                Third-party software bundled in lib/zerofail.jar
                ================================================
                One entry per artifact: its coordinates, the licence(s) its POM declares, and the
                licence/notice files it ships, copied under licenses/GROUP.ARTIFACT/.
                (Generated by scripts/release-tool/ReleaseTool.java from the shaded jar and the POMs.)

                """);
        int missing = 0;
        for (Artifact a : bundled.values()) {
            List<String[]> declared = declaredLicenses(a, repo, embeddedPoms.get(a.gav()));
            list.append(a.gav()).append('\n');
            if (declared.isEmpty()) {
                list.append("  licence: not declared in its POM (see its files below)\n");
            }
            for (String[] l : declared) {
                list.append("  licence: ").append(l[0]).append(l[1].isEmpty() ? "" : " <" + l[1] + ">").append('\n');
            }
            List<String> files = copyLicenseFiles(a, repo, out.resolve("licenses").resolve(a.group() + "." + a.artifact()));
            for (String f : files) list.append("  file:    licenses/").append(a.group()).append('.').append(a.artifact()).append('/').append(f).append('\n');
            if (declared.isEmpty() && files.isEmpty()) missing++;
            list.append('\n');
        }
        write(out.resolve("THIRD-PARTY.txt"), list.toString());
        System.err.println("licences: " + bundled.size() + " bundled artifacts" + (missing > 0 ? ", " + missing + " without any licence information" : ""));
        if (missing > 0) System.exit(1);
    }

    static final Pattern LICENSE = Pattern.compile(
            "<license>\\s*(?:<!--.*?-->\\s*)*<name>\\s*(.*?)\\s*</name>(?:.*?<url>\\s*(.*?)\\s*</url>)?.*?</license>", Pattern.DOTALL);
    static final Pattern PARENT = Pattern.compile(
            "<parent>.*?<groupId>\\s*(.*?)\\s*</groupId>.*?<artifactId>\\s*(.*?)\\s*</artifactId>.*?<version>\\s*(.*?)\\s*</version>.*?</parent>",
            Pattern.DOTALL);

    /** The licences of the POM, or of its nearest parent that declares some (Maven's inheritance). */
    static List<String[]> declaredLicenses(Artifact a, Path repo, String embeddedPom) throws IOException {
        for (int depth = 0; a != null && depth < 10; depth++) {
            Path pom = a.dir(repo).resolve(a.artifact() + "-" + a.version() + ".pom");
            String xml;
            // an artifact shaded into another one (docker-java's zerodep transport) has no POM in the
            // repository: its copy inside the jar names the parent to follow
            if (Files.exists(pom)) xml = Files.readString(pom, StandardCharsets.UTF_8);
            else if (depth == 0 && embeddedPom != null) xml = embeddedPom;
            else return List.of();
            xml = xml.replaceAll("(?s)<!--.*?-->", "");
            List<String[]> found = new ArrayList<>();
            int start = xml.indexOf("<licenses>");
            int end = xml.indexOf("</licenses>");
            if (start >= 0 && end > start) {
                Matcher m = LICENSE.matcher(xml.substring(start, end + "</licenses>".length()));
                while (m.find()) found.add(new String[] {m.group(1).replaceAll("\\s+", " "), m.group(2) == null ? "" : m.group(2)});
            }
            if (!found.isEmpty()) return found;
            Matcher p = PARENT.matcher(xml);
            a = p.find() ? new Artifact(p.group(1), p.group(2), p.group(3)) : null;
        }
        return List.of();
    }

    static final Pattern LICENSE_FILE = Pattern.compile("(?i)(?:META-INF/)?(?:[^/]*/)?(LICEN[CS]E|NOTICE|COPYING)[^/]*");

    static List<String> copyLicenseFiles(Artifact a, Path repo, Path dir) throws IOException {
        Path jar = a.dir(repo).resolve(a.artifact() + "-" + a.version() + ".jar");
        List<String> names = new ArrayList<>();
        if (!Files.exists(jar)) return names;
        try (ZipFile z = new ZipFile(jar.toFile())) {
            for (ZipEntry e : java.util.Collections.list(z.entries())) {
                String n = e.getName();
                if (e.isDirectory() || n.endsWith(".class") || !LICENSE_FILE.matcher(n).matches()) continue;
                if (!n.startsWith("META-INF/") && n.contains("/")) continue; // only top-level or META-INF files
                String flat = n.replace('/', '_');
                Files.createDirectories(dir);
                try (InputStream in = z.getInputStream(e)) {
                    Files.copy(in, dir.resolve(flat), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
                names.add(flat);
            }
        }
        return names;
    }
}
