package dev.zerofail.compose;

import dev.zerofail.core.Yaml;
import dev.zerofail.core.ZerofailException;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.composer.Composer;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;
import org.snakeyaml.engine.v2.parser.ParserImpl;
import org.snakeyaml.engine.v2.scanner.StreamReader;

/**
 * A YAML file read into plain values (LinkedHashMap, ArrayList, String, Long, Double, Boolean, null)
 * with anchors, aliases and {@code <<} merge keys resolved, the compose tags {@code !reset} and
 * {@code !override} kept as markers, and the line of every key path so that errors can say
 * {@code docker-compose.prod.yml:14 services.api.ports[0]: …}.
 */
final class YamlTree {
    /** {@code !reset}: remove what earlier files set. */
    enum Reset { RESET }

    /** {@code !override}: replace what earlier files set instead of merging with it. */
    record Override(Object value) {
    }

    private final String file;
    private final Map<String, Integer> lines = new HashMap<>();
    private final IdentityHashMap<Node, Boolean> inProgress = new IdentityHashMap<>();

    private YamlTree(String file) {
        this.file = file;
    }

    /** The parsed document and where each of its key paths starts. */
    record Parsed(String file, Object root, Map<String, Integer> lines) {
        String where(String path) {
            return ComposeErrors.where(file, lines, path);
        }
    }

    static Parsed read(Path path, String label) {
        String text;
        try {
            if (Files.isDirectory(path)) {
                throw ZerofailException.usage(label, "a directory, not a compose file", "name a compose file");
            }
            if (Files.size(path) > Yaml.MAX_BYTES) {
                throw ZerofailException.usage(label, "file larger than 1 MB; not read as YAML", "name a compose file");
            }
            text = Files.readString(path, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw ZerofailException.usage(label, "compose file not found", "check the path");
        } catch (java.nio.charset.MalformedInputException e) {
            throw ZerofailException.usage(label, "not UTF-8 text", "save the file as UTF-8");
        } catch (IOException e) {
            throw ZerofailException.usage(label, "cannot read the file (" + e.getClass().getSimpleName() + ")",
                    "check that it exists and is readable");
        }
        return parse(label, text);
    }

    static Parsed parse(String label, String text) {
        LoadSettings settings = Yaml.settings(label).setAllowDuplicateKeys(false).build();
        try {
            YamlTree tree = new YamlTree(label);
            Object value = null;
            for (Node document : Yaml.composeAll(settings, text)) {
                value = tree.laterDocument(value, document, text);
            }
            return new Parsed(label, value, Map.copyOf(tree.lines));
        } catch (MarkedYamlEngineException e) {
            int line = e.getProblemMark().or(e::getContextMark).map(m -> m.getLine() + 1).orElse(0);
            throw ZerofailException.usage(label + (line > 0 ? ":" + line + keyOnLine(text, line) : ""),
                    "invalid YAML: " + e.getProblem(), "fix the YAML syntax at that line");
        } catch (YamlEngineException e) {
            throw ZerofailException.usage(label, "invalid YAML: " + firstLine(e.getMessage()), "fix the YAML syntax");
        }
    }

    /**
     * A further document ({@code ---}) of the same file overrides the ones before it as a later compose
     * file would: docker compose's loader (compose-go) merges every document of a file in order.
     * Lines stay those of the first document that sets a path.
     */
    @SuppressWarnings("unchecked")
    private Object laterDocument(Object before, Node document, String text) {
        Object value = convert(document, "");
        if (before == null) {
            return value;
        }
        if (value == null) {
            return before;
        }
        if (before instanceof Map<?, ?> base && value instanceof Map<?, ?> override) {
            return ComposeMerge.merge((Map<String, Object>) base, (Map<String, Object>) override);
        }
        int line = document.getStartMark().map(m -> m.getLine() + 1).orElse(0);
        throw ZerofailException.usage(file + (line > 0 ? ":" + line + keyOnLine(text, line) : ""),
                "a YAML document after the first is not a mapping of compose keys",
                "make each document (after ---) a mapping such as services: or secrets:, or remove the ---");
    }

    /** " key" when the line starts with a mapping key, so the error names it; never the value. */
    static String keyOnLine(String text, int line) {
        String[] lines = text.split("\n", -1);
        if (line < 1 || line > lines.length) {
            return "";
        }
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("^\\s*(?:-\\s+)?([A-Za-z0-9_.$-]+)\\s*:")
                .matcher(lines[line - 1]);
        return m.find() ? " " + m.group(1) : "";
    }

    private static String firstLine(String s) {
        return s == null ? "" : s.lines().findFirst().orElse("");
    }

    private Object convert(Node node, String path) {
        lines.putIfAbsent(path, node.getStartMark().map(m -> m.getLine() + 1).orElse(0));
        String tag = node.getTag().getValue();
        if (tag.equals("!reset")) {
            return Reset.RESET;
        }
        if (tag.equals("!override")) {
            return new Override(convertUntagged(node, path));
        }
        return convertUntagged(node, path);
    }

    private Object convertUntagged(Node node, String path) {
        if (inProgress.containsKey(node)) {
            throw ZerofailException.usage(where(path), "a YAML alias refers to the mapping that contains it",
                    "break the cycle between the anchor and its alias");
        }
        if (node instanceof ScalarNode s) {
            return scalar(s, path);
        }
        inProgress.put(node, true);
        try {
            if (node instanceof SequenceNode seq) {
                List<Object> out = new ArrayList<>();
                int i = 0;
                for (Node item : seq.getValue()) {
                    out.add(convert(item, path + "[" + i++ + "]"));
                }
                return out;
            }
            return mapping((MappingNode) node, path);
        } finally {
            inProgress.remove(node);
        }
    }

    private Map<String, Object> mapping(MappingNode node, String path) {
        Map<String, Object> out = new LinkedHashMap<>();
        List<Map<String, Object>> merged = new ArrayList<>();
        for (NodeTuple t : node.getValue()) {
            if (!(t.getKeyNode() instanceof ScalarNode k)) {
                throw ZerofailException.usage(where(path), "a mapping key must be a plain value", "use a string key");
            }
            String key = k.getValue();
            if (key.equals("<<") && k.getTag().equals(Tag.MERGE) || key.equals("<<") && k.isPlain()) {
                merged.addAll(mergeSources(t.getValueNode(), join(path, "<<")));
                continue;
            }
            String child = join(path, key);
            lines.put(child, k.getStartMark().map(m -> m.getLine() + 1).orElse(0));
            out.put(key, convert(t.getValueNode(), child));
        }
        // Explicit keys win over merged ones; among merged sources, the first listed wins.
        for (Map<String, Object> source : merged) {
            for (Map.Entry<String, Object> e : source.entrySet()) {
                out.putIfAbsent(e.getKey(), e.getValue());
            }
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> mergeSources(Node value, String path) {
        List<Map<String, Object>> sources = new ArrayList<>();
        List<Node> nodes = value instanceof SequenceNode seq ? seq.getValue() : List.of(value);
        for (Node n : nodes) {
            Object v = convertUntagged(n, path);
            if (!(v instanceof Map)) {
                throw ZerofailException.usage(where(path), "a merge key (<<) must refer to a mapping",
                        "point '<<' at an anchored mapping such as *defaults");
            }
            sources.add(deepCopy((Map<String, Object>) v));
        }
        return sources;
    }

    @SuppressWarnings("unchecked")
    static <T> T deepCopy(T value) {
        if (value instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            m.forEach((k, v) -> out.put((String) k, deepCopy(v)));
            return (T) out;
        }
        if (value instanceof List<?> l) {
            List<Object> out = new ArrayList<>();
            l.forEach(v -> out.add(deepCopy(v)));
            return (T) out;
        }
        if (value instanceof Override o) {
            return (T) new Override(deepCopy(o.value()));
        }
        return value;
    }

    private static final Set<String> NULLS = Set.of("", "~", "null", "Null", "NULL");

    private Object scalar(ScalarNode s, String path) {
        String v = s.getValue();
        Tag tag = s.getTag();
        if (!s.isPlain() || tag.equals(Tag.STR)) {
            return v;
        }
        if (tag.equals(Tag.NULL) || NULLS.contains(v)) {
            return null;
        }
        if (tag.equals(Tag.BOOL)) {
            return Boolean.parseBoolean(v.toLowerCase(java.util.Locale.ROOT));
        }
        if (tag.equals(Tag.INT)) {
            try {
                return Long.decode(v.replace("0o", "0"));
            } catch (NumberFormatException e) {
                return v;
            }
        }
        if (tag.equals(Tag.FLOAT)) {
            try {
                return Double.parseDouble(v);
            } catch (NumberFormatException e) {
                return v;
            }
        }
        return v;
    }

    private String where(String path) {
        return ComposeErrors.where(file, lines, path);
    }

    static String join(String path, String key) {
        return path.isEmpty() ? key : path + "." + key;
    }
}
