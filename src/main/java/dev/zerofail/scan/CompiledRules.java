package dev.zerofail.scan;

import dev.zerofail.core.DataIo;
import dev.zerofail.core.Severity;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The built-in rules (rules.yaml, the source of truth) in a compact binary form, written by the build
 * ({@code process-classes}, this class's {@link #main}) and read at run time with a plain
 * {@link DataInputStream}: parsing 43 KB of YAML through snakeyaml and {@code ConfigNode} was most of
 * a short scan's start-up (docs/scan.md). {@code CompiledRulesTest} checks the generated form against
 * rules.yaml. A missing resource (an IDE run without the build step) falls back to the YAML.
 */
final class CompiledRules {
    static final String RESOURCE = "/dev/zerofail/scan/rules.bin";
    private static final int MAGIC = 0x5a465231; // "ZFR1"
    private static final int VERSION = 1;

    private CompiledRules() {
    }

    /** Build step: parses rules.yaml and writes {@code rules.bin} under the classes folder given. */
    public static void main(String[] args) throws IOException {
        Path out = Path.of(args[0]).resolve(RESOURCE.substring(1));
        Files.createDirectories(out.getParent());
        Files.write(out, bytes(RuleSet.parseYaml()));
    }

    /** The compiled form of the built-in rules, or null when the build did not write it. */
    static RuleSet load() {
        try (InputStream in = CompiledRules.class.getResourceAsStream(RESOURCE)) {
            return in == null ? null : read(new DataInputStream(new java.io.BufferedInputStream(in, 1 << 16)));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + RESOURCE + ": " + e.getMessage(), e);
        }
    }

    static byte[] bytes(RuleSet set) throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(buf);
        out.writeInt(MAGIC);
        out.writeInt(VERSION);
        for (Set<String> s : set.secretKeys().lists()) {
            strings(out, new TreeSet<>(s)); // sorted: the same rules.yaml always gives the same bytes
        }
        strings(out, set.secretKeyMatchExamples());
        strings(out, set.secretKeyNoMatchExamples());
        out.writeInt(set.rules().size());
        for (Rule r : set.rules()) {
            DataIo.writeNullable(out, r.id());
            DataIo.writeNullable(out, r.kind());
            DataIo.writeNullable(out, r.severity().name());
            DataIo.writeNullable(out, r.description());
            DataIo.writeNullable(out, r.fix());
            strings(out, r.keywords());
            DataIo.writeNullable(out, r.regex() == null ? null : r.regex().pattern());
            out.writeInt(r.group());
            DataIo.writeNullable(out, r.value() == null ? null : r.value().pattern());
            DataIo.writeNullable(out, r.builtin());
            out.writeDouble(r.minEntropy());
            out.writeInt(r.minLength());
            examples(out, r.matchExamples());
            examples(out, r.noMatchExamples());
        }
        Vocabulary v = set.vocabulary();
        strings(out, v.keywordStems());
        strings(out, v.assignWords());
        strings(out, new TreeSet<>(v.genericKeys()));
        strings(out, v.fakeMarkers());
        strings(out, v.publicValues());
        strings(out, new TreeSet<>(v.notCredentials()));
        strings(out, v.sameLineAllow());
        strings(out, v.nextLineAllow());
        out.writeInt(v.examples().size());
        for (Vocabulary.ListExample e : v.examples()) {
            DataIo.writeNullable(out, e.list());
            DataIo.writeNullable(out, e.example().file());
            DataIo.writeNullable(out, e.example().text());
            out.writeBoolean(e.match());
        }
        out.flush();
        return buf.toByteArray();
    }

    static RuleSet read(DataInputStream in) throws IOException {
        if (in.readInt() != MAGIC || in.readInt() != VERSION) {
            throw new IOException("not a compiled rules file of this version");
        }
        SecretKeys keys = new SecretKeys(set(in), set(in), set(in), set(in));
        List<String> keyMatch = strings(in);
        List<String> keyNoMatch = strings(in);
        int n = in.readInt();
        List<Rule> rules = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            String id = string(in);
            String kind = string(in);
            Severity severity = Severity.valueOf(string(in));
            String description = string(in);
            String fix = string(in);
            List<String> keywords = strings(in);
            Pattern regex = pattern(string(in));
            int group = in.readInt();
            Pattern value = pattern(string(in));
            String builtin = string(in);
            double minEntropy = in.readDouble();
            int minLength = in.readInt();
            rules.add(new Rule(id, kind, severity, description, fix, keywords, regex, group, value, builtin,
                    minEntropy, minLength, examples(in), examples(in)));
        }
        List<String> stems = strings(in);
        List<String> assign = strings(in);
        Set<String> generic = set(in);
        List<String> fake = strings(in);
        List<String> publicValues = strings(in);
        Set<String> notCredentials = set(in);
        List<String> sameLine = strings(in);
        List<String> nextLine = strings(in);
        int m = in.readInt();
        List<Vocabulary.ListExample> examples = new ArrayList<>(m);
        for (int i = 0; i < m; i++) {
            String list = string(in);
            Rule.Example ex = new Rule.Example(string(in), string(in));
            examples.add(new Vocabulary.ListExample(list, ex, in.readBoolean()));
        }
        Vocabulary vocab = new Vocabulary(stems, assign, generic, fake, publicValues, notCredentials, sameLine, nextLine,
                examples);
        return new RuleSet(rules, keys, keyMatch, keyNoMatch, vocab);
    }

    private static Pattern pattern(String regex) {
        return regex == null ? null : Pattern.compile(regex);
    }

    private static String string(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0) {
            return null;
        }
        byte[] b = new byte[n];
        in.readFully(b);
        return new String(b, StandardCharsets.UTF_8);
    }

    private static void strings(DataOutputStream out, Collection<String> list) throws IOException {
        out.writeInt(list.size());
        for (String s : list) {
            DataIo.writeNullable(out, s);
        }
    }

    private static List<String> strings(DataInputStream in) throws IOException {
        int n = in.readInt();
        List<String> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(string(in));
        }
        return out;
    }

    private static Set<String> set(DataInputStream in) throws IOException {
        return new HashSet<>(strings(in));
    }

    private static void examples(DataOutputStream out, List<Rule.Example> list) throws IOException {
        out.writeInt(list.size());
        for (Rule.Example e : list) {
            DataIo.writeNullable(out, e.file());
            DataIo.writeNullable(out, e.text());
        }
    }

    private static List<Rule.Example> examples(DataInputStream in) throws IOException {
        int n = in.readInt();
        List<Rule.Example> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(new Rule.Example(string(in), string(in)));
        }
        return out;
    }
}
