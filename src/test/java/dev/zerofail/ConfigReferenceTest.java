package dev.zerofail;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaField;
import com.tngtech.archunit.core.domain.JavaMethodCall;
import com.tngtech.archunit.core.domain.JavaModifier;
import dev.zerofail.core.ConfigKeys;
import dev.zerofail.core.ConfigNode;
import dev.zerofail.core.ZerofailConfig;
import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * docs/configuration.md against the code: every key a reader of zerofail.yaml accepts (its
 * {@link ConfigKeys} constants, found in the compiled classes) has a row in a key table, and every
 * key a table documents is accepted somewhere. A reader that checks keys with a plain list escapes
 * the registry, so that is an error too.
 */
class ConfigReferenceTest {
    static final Path DOC = Path.of("docs/configuration.md");
    private static final Pattern PREFIX = Pattern.compile("<!--\\s*keys under:\\s*(\\S+)\\s*-->");
    private static final Pattern ITEM = Pattern.compile("`([^`]+)`");

    /** A registry entry and where it is declared (for the failure message). */
    record Declared(String source, ConfigKeys keys) {
    }

    @Test
    void everyKeyTheCodeAcceptsIsDocumentedAndEveryDocumentedKeyIsAccepted() throws Exception {
        List<Declared> code = registry();
        assertThat(code).as("the registry holds the sections of zerofail.yaml")
                .extracting(d -> d.keys().path()).contains("", "scan", "scan.rules[]", "secrets.manifest[]", "history",
                        "environments.ENV.services.SERVICE.health.http[]");
        assertThat(problems(code, Files.readString(DOC))).as("docs/configuration.md against the config readers").isEmpty();
    }

    @Test
    void readersOfZerofailYamlDeclareTheirKeysInTheRegistry() {
        List<String> plain = new ArrayList<>();
        for (JavaClass c : ArchitectureTest.CLASSES) {
            for (JavaMethodCall call : c.getMethodCallsFromSelf()) {
                if (call.getTargetOwner().isEquivalentTo(ConfigNode.class) && call.getName().equals("requireKeys")
                        && call.getTarget().getRawParameterTypes().get(0).isEquivalentTo(List.class)
                        && !c.isEquivalentTo(ConfigNode.class)) {
                    plain.add(c.getSimpleName() + "." + call.getOrigin().getName() + " (" + c.getSource().map(s -> s.getFileName()
                            .orElse("?")).orElse("?") + ":" + call.getLineNumber() + ")");
                }
            }
        }
        assertThat(plain).as("these check keys with a plain list, so docs/configuration.md cannot be checked against them: "
                + "declare a static ConfigKeys constant (ConfigKeys.of(\"section.path\", keys...) for zerofail.yaml, "
                + "ConfigKeys.in(file, ...) for another file) and pass it to requireKeys").isEmpty();
    }

    @Test
    void theCheckNamesTheMissingKeyAndTheUndocumentedOne() {
        List<Declared> code = List.of(new Declared("A.KEYS", ConfigKeys.of("", "svc")),
                new Declared("B.KEYS", ConfigKeys.of("svc", "port", "bind")),
                new Declared("C.KEYS", ConfigKeys.of("svc.checks[]", "url")),
                new Declared("D.KEYS", ConfigKeys.in("other.yaml", "", "ignored")));
        String doc = """
                # ref
                | key | type |
                |---|---|
                | `svc.port`, `.bind` | int |

                <!-- keys under: svc.checks[] -->
                | key | type |
                |---|---|
                | `url` | url |
                | `typo` | x |
                """;
        assertThat(documented("| key | t |\n|---|---|\n| `a.{b, c}.d` | x |\n")).containsOnlyKeys("a.b.d", "a.c.d");
        assertThat(problems(code, doc)).containsExactly(
                "docs/configuration.md:10 documents `svc.checks[].typo`, which no code accepts (keys accepted under "
                        + "`svc.checks[]`: [url]): fix its spelling or remove the row");
        String missing = doc.replace("| `svc.port`, `.bind` | int |", "| `svc.port` | int |");
        assertThat(problems(code, missing)).contains("docs/configuration.md does not document `svc.bind` (accepted by B.KEYS "
                + "under `svc`): add a row for it to the key table of that section");
    }

    /** Every static ConfigKeys constant of zerofail.yaml in the production classes. */
    static List<Declared> registry() throws Exception {
        List<Declared> out = new ArrayList<>();
        for (JavaClass c : ArchitectureTest.CLASSES) {
            for (JavaField f : c.getFields()) {
                if (f.getModifiers().contains(JavaModifier.STATIC) && f.getRawType().isEquivalentTo(ConfigKeys.class)) {
                    Field field = Class.forName(c.getName()).getDeclaredField(f.getName());
                    field.setAccessible(true);
                    ConfigKeys keys = (ConfigKeys) field.get(null);
                    if (keys.file().equals(ZerofailConfig.FILE_NAME)) {
                        out.add(new Declared(c.getName().replace("dev.zerofail.", "") + "." + f.getName(), keys));
                    }
                }
            }
        }
        return out;
    }

    /** What is missing from the doc and what the doc has that the code does not accept; empty when they agree. */
    static List<String> problems(List<Declared> code, String doc) {
        Map<String, Integer> documented = documented(doc);
        Map<String, String> accepted = new LinkedHashMap<>();
        Map<String, List<String>> byPath = new TreeMap<>();
        for (Declared d : code) {
            if (!d.keys().file().equals(ZerofailConfig.FILE_NAME)) {
                continue;
            }
            for (String k : d.keys().keys()) {
                accepted.putIfAbsent(d.keys().qualified(k), d.source() + " under `" + d.keys().path() + "`");
                byPath.computeIfAbsent(d.keys().path(), p -> new ArrayList<>()).add(k);
            }
        }
        List<String> out = new ArrayList<>();
        accepted.forEach((key, where) -> {
            boolean found = documented.containsKey(key) || documented.keySet().stream()
                    .anyMatch(d -> d.startsWith(key + ".") || d.startsWith(key + "[]"));
            if (!found) {
                out.add("docs/configuration.md does not document `" + key + "` (accepted by " + where
                        + "): add a row for it to the key table of that section");
            }
        });
        documented.forEach((key, line) -> {
            if (!accepted.containsKey(key)) {
                int dot = key.lastIndexOf('.');
                String parent = dot < 0 ? "" : key.substring(0, dot);
                out.add("docs/configuration.md:" + line + " documents `" + key + "`, which no code accepts (keys accepted under `"
                        + parent + "`: " + byPath.getOrDefault(parent, List.of()) + "): fix its spelling or remove the row");
            }
        });
        return out;
    }

    /** {@code a.{b,c}} is {@code a.b} and {@code a.c}, as the tables write a group of sibling keys. */
    static List<String> expand(String key) {
        Matcher m = Pattern.compile("\\{([^{}]+)}").matcher(key);
        if (!m.find()) {
            return List.of(key);
        }
        List<String> out = new ArrayList<>();
        for (String alt : m.group(1).split(",")) {
            out.addAll(expand(key.substring(0, m.start()) + alt.strip() + key.substring(m.end())));
        }
        return out;
    }

    /**
     * The keys of the doc's key tables (a header row starting {@code | key |}): the backticked names in
     * each row's first cell, full paths unless a {@code <!-- keys under: PATH -->} comment before the
     * table gives their prefix; {@code .name} after a key is a sibling of it ({@code `a.b.c`, `.d`}).
     */
    static Map<String, Integer> documented(String doc) {
        Map<String, Integer> out = new LinkedHashMap<>();
        String[] lines = doc.split("\n", -1);
        String prefix = null;
        boolean inTable = false;
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            Matcher p = PREFIX.matcher(line);
            if (p.find()) {
                prefix = p.group(1);
                continue;
            }
            if (line.startsWith("#")) {
                prefix = null;
            }
            if (!line.startsWith("|")) {
                if (inTable) {
                    prefix = null;
                }
                inTable = false;
                continue;
            }
            if (line.matches("\\|\\s*key\\s*\\|.*")) {
                inTable = true;
                continue;
            }
            if (!inTable || line.matches("\\|[-:| ]+\\|?")) {
                continue;
            }
            String cell = line.substring(1, line.indexOf('|', 1) < 0 ? line.length() : line.indexOf('|', 1));
            Matcher m = ITEM.matcher(cell);
            String previous = null;
            while (m.find()) {
                String item = m.group(1);
                String key;
                if (item.startsWith(".") && previous != null) {
                    key = previous.substring(0, previous.lastIndexOf('.')) + item;
                } else {
                    key = prefix == null ? item : prefix + "." + item;
                }
                for (String k : expand(key)) {
                    out.putIfAbsent(k, i + 1);
                }
                previous = key;
            }
        }
        return out;
    }
}
