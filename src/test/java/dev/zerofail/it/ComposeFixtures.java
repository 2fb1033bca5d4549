package dev.zerofail.it;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * The compose fixture groups under src/test/resources/fixtures/compose and what each one's merged
 * result must contain (group.properties, described in that directory's README.md), checked against
 * the model `docker-compose config` prints.
 */
final class ComposeFixtures {
    static final Path ROOT = Path.of("src/test/resources/fixtures/compose");

    private ComposeFixtures() {
    }

    record Group(String name, Path dir, List<String> files, String prefer, boolean compose129, boolean swarm,
            List<String> services, List<String> forbidden, List<String> neverPrinted, Properties props) {
        @Override
        public String toString() {
            return name;
        }

        /** What this group's merged model gets wrong, one line per failed expectation; empty when all hold. */
        List<String> mismatches(Map<String, Object> model) {
            List<String> out = new ArrayList<>();
            Object defined = model.get("services");
            List<String> actual = defined instanceof Map<?, ?> m ? m.keySet().stream().map(String::valueOf).sorted().toList() : List.of();
            if (!actual.equals(services.stream().sorted().toList())) {
                out.add("services: expected " + services.stream().sorted().toList() + ", got " + actual);
            }
            for (String key : props.stringPropertyNames().stream().sorted().toList()) {
                int dot = key.indexOf('.');
                if (dot < 0) {
                    continue;
                }
                String kind = key.substring(0, dot);
                String path = key.substring(dot + 1);
                String want = props.getProperty(key);
                Object got = at(model, path);
                String problem = switch (kind) {
                    case "expect" -> want.equals(render(path, got)) ? null : "expected '" + want + "', got '" + render(path, got) + "'";
                    case "suffix" -> got != null && render(path, got).endsWith(want) ? null : "expected to end with '" + want + "', got '" + render(path, got) + "'";
                    case "present" -> got != null ? null : "missing";
                    case "absent" -> got == null || (got instanceof List<?> l && l.isEmpty()) ? null : "expected absent, got '" + render(path, got) + "'";
                    case "contains" -> containsAll(got, want);
                    default -> null;
                };
                if (problem != null) {
                    out.add(path + ": " + problem);
                }
            }
            return out;
        }
    }

    /** A case under bad/: its compose file and what the error must name (expected.txt). */
    /** {@code unifyAccepts}: only {@code config} refuses it (unify keeps a required variable as a requirement). */
    record BadCase(String name, Path dir, String file, List<String> lines, List<String> keys, List<String> mentions,
            boolean unifyAccepts) {
        @Override
        public String toString() {
            return name;
        }
    }

    static List<Group> groups() {
        try (Stream<Path> s = Files.list(ROOT)) {
            List<Group> out = new ArrayList<>();
            for (Path dir : s.filter(d -> Files.isRegularFile(d.resolve("group.properties"))).sorted().toList()) {
                Properties p = new Properties();
                try (Reader r = Files.newBufferedReader(dir.resolve("group.properties"), StandardCharsets.UTF_8)) {
                    p.load(r);
                }
                // "source": the files live elsewhere (the example repository), only the expectations here
                Path files = p.getProperty("source") == null ? dir : dir.resolve(p.getProperty("source").strip()).normalize();
                out.add(new Group(dir.getFileName().toString(), files, words(p.getProperty("files")),
                        p.getProperty("prefer", "").strip(), Boolean.parseBoolean(p.getProperty("compose129")),
                        Boolean.parseBoolean(p.getProperty("swarm")), words(p.getProperty("services")),
                        words(p.getProperty("forbid")), words(p.getProperty("never-printed")), p));
            }
            return out;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static Group group(String name) {
        return groups().stream().filter(g -> g.name().equals(name)).findFirst().orElseThrow();
    }

    static List<BadCase> badCases() {
        try (Stream<Path> s = Files.list(ROOT.resolve("bad"))) {
            List<BadCase> out = new ArrayList<>();
            for (Path dir : s.filter(Files::isDirectory).sorted().toList()) {
                Properties p = new Properties();
                try (Reader r = Files.newBufferedReader(dir.resolve("expected.txt"), StandardCharsets.UTF_8)) {
                    p.load(r);
                }
                out.add(new BadCase(dir.getFileName().toString(), dir, p.getProperty("file").strip(),
                        alternatives(p.getProperty("line")), alternatives(p.getProperty("key")),
                        alternatives(p.getProperty("mentions")), "accepted".equals(p.getProperty("unify", "").strip())));
            }
            return out;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String> words(String value) {
        return value == null || value.isBlank() ? List.of() : Arrays.asList(value.strip().split("\\s+"));
    }

    private static List<String> alternatives(String value) {
        return value == null || value.isBlank() ? List.of()
                : Arrays.stream(value.split("\\|")).map(String::strip).filter(v -> !v.isEmpty()).toList();
    }

    /** The node at a dotted path; a numeric segment indexes a list. Null when absent. */
    static Object at(Object root, String path) {
        Object cur = root;
        for (String seg : path.split("\\.")) {
            if (cur instanceof Map<?, ?> m) {
                cur = m.get(seg);
            } else if (cur instanceof List<?> l && seg.chars().allMatch(Character::isDigit) && Integer.parseInt(seg) < l.size()) {
                cur = l.get(Integer.parseInt(seg));
            } else {
                return null;
            }
        }
        return cur;
    }

    /**
     * A value as group.properties writes it: lists joined by single spaces, and a command given
     * as one string split the way compose splits it, so the list and string forms compare equal.
     */
    static String render(String path, Object value) {
        if (value == null) {
            return "";
        }
        if (value instanceof String s && (path.endsWith(".command") || path.endsWith(".entrypoint"))) {
            return String.join(" ", shellSplit(s));
        }
        if (value instanceof List<?> l) {
            return String.join(" ", l.stream().map(v -> v instanceof Map<?, ?> ? item(v) : String.valueOf(v)).toList());
        }
        return String.valueOf(value);
    }

    /** A port as published:target, a secret or config as source or source>target. */
    static String item(Object v) {
        if (v instanceof Map<?, ?> m) {
            if (m.containsKey("published") || (m.containsKey("target") && !m.containsKey("source"))) {
                return m.get("published") + ":" + m.get("target");
            }
            return m.get("target") == null ? String.valueOf(m.get("source")) : m.get("source") + ">" + m.get("target");
        }
        // docker-compose 1.29 prints a port with a host IP as IP:PUBLISHED:TARGET/tcp; tcp is the default
        String s = String.valueOf(v).replaceFirst("/tcp$", "");
        String[] parts = s.split(":");
        return parts.length == 3 ? parts[1] + ":" + parts[2] : s;
    }

    private static String containsAll(Object got, String want) {
        List<String> have = got instanceof List<?> l ? l.stream().map(ComposeFixtures::item).toList() : List.of();
        for (String w : words(want)) {
            if (have.stream().noneMatch(h -> h.equals(w) || h.startsWith(w + ">"))) {
                return "expected an entry " + w + ", got " + have;
            }
        }
        return null;
    }

    /** POSIX-shell-like splitting (quotes and backslashes), as compose splits a string command. */
    static List<String> shellSplit(String s) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean inWord = false;
        char quote = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else if (c == '\\' && quote == '"' && i + 1 < s.length()) {
                    cur.append(s.charAt(++i));
                } else {
                    cur.append(c);
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
                inWord = true;
            } else if (c == '\\' && i + 1 < s.length()) {
                cur.append(s.charAt(++i));
                inWord = true;
            } else if (Character.isWhitespace(c)) {
                if (inWord) {
                    out.add(cur.toString());
                    cur.setLength(0);
                    inWord = false;
                }
            } else {
                cur.append(c);
                inWord = true;
            }
        }
        if (inWord) {
            out.add(cur.toString());
        }
        return out;
    }
}
