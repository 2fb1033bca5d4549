package dev.zerofail.core;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.composer.Composer;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.parser.ParserImpl;
import org.snakeyaml.engine.v2.scanner.StreamReader;

/**
 * A YAML node that remembers its file, line and key path, so that every config error can say
 * {@code zerofail.yaml:14 scan.disable[2]: expected a rule id, got 'x'}.
 */
public final class ConfigNode {
    private final String file;
    private final String path;
    private final Node node;

    private ConfigNode(String file, String path, Node node) {
        this.file = file;
        this.path = path;
        this.node = node;
    }

    /** Parses a YAML file; an empty file is an empty mapping. Errors name the file and line. */
    public static ConfigNode load(Path file) {
        String text;
        try {
            if (Files.isDirectory(file)) {
                throw ZerofailException.usage(file.toString(), "a directory, not a YAML file", "name a file");
            }
            if (Files.size(file) > Yaml.MAX_BYTES) {
                throw ZerofailException.usage(file.toString(), "file larger than 1 MB; not read as YAML", "name a smaller file");
            }
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (java.nio.charset.CharacterCodingException e) {
            throw ZerofailException.usage(file.toString(), "not UTF-8 text", "save the file as UTF-8");
        } catch (NoSuchFileException e) {
            throw ZerofailException.usage(file.toString(), "file not found", "check the path");
        } catch (IOException e) {
            throw ZerofailException.usage(file.toString(), "cannot read file: " + e.getMessage(), "check permissions");
        }
        return parse(file.toString(), text);
    }

    public static ConfigNode parse(String fileName, String text) {
        if (text.isBlank()) {
            // no file, or an empty section: no document, and no need to start the YAML engine (a
            // hundred classes on a short command's start-up)
            return new ConfigNode(fileName, "", null);
        }
        LoadSettings settings = Yaml.settings(fileName).setAllowDuplicateKeys(false).build();
        try {
            Optional<Node> root = Yaml.compose(settings, text);
            return new ConfigNode(fileName, "", root.orElse(null));
        } catch (MarkedYamlEngineException e) {
            int line = e.getProblemMark().map(m -> m.getLine() + 1).orElse(0);
            throw ZerofailException.usage(fileName + (line > 0 ? ":" + line : ""),
                    "invalid YAML: " + e.getProblem(), "fix the YAML syntax at that line");
        } catch (YamlEngineException e) {
            throw ZerofailException.usage(fileName, "invalid YAML: " + firstLine(e.getMessage()), "fix the YAML syntax");
        }
    }

    private static String firstLine(String s) {
        return s == null ? "" : s.lines().findFirst().orElse("");
    }

    public String file() {
        return file;
    }

    public String path() {
        return path;
    }

    public int line() {
        return node == null ? 0 : node.getStartMark().map(m -> m.getLine() + 1).orElse(0);
    }

    /** {@code file:line key.path} for messages. */
    public String where() {
        int line = line();
        return file + (line > 0 ? ":" + line : "") + (path.isEmpty() ? "" : " " + path);
    }

    public boolean isNull() {
        return node == null || (node instanceof ScalarNode s && (s.getValue().isEmpty() || s.getValue().equals("~")
                || s.getValue().equals("null")) && s.getScalarStyle().toString().equals("PLAIN"));
    }

    public boolean isScalar() {
        return node instanceof ScalarNode;
    }

    public ZerofailException error(String problem, String nextStep) {
        return ZerofailException.usage(where(), problem, nextStep);
    }

    /** Children of a mapping in file order; an absent or null node is an empty mapping. */
    public Map<String, ConfigNode> entries() {
        Map<String, ConfigNode> out = new LinkedHashMap<>();
        if (isNull()) {
            return out;
        }
        if (!(node instanceof MappingNode m)) {
            throw error("expected a mapping", "write 'key: value' pairs here");
        }
        for (NodeTuple t : m.getValue()) {
            if (!(t.getKeyNode() instanceof ScalarNode k)) {
                throw new ConfigNode(file, path, t.getKeyNode()).error("expected a plain key", "use a string key");
            }
            String childPath = path.isEmpty() ? k.getValue() : path + "." + k.getValue();
            out.put(k.getValue(), new ConfigNode(file, childPath, t.getValueNode()));
        }
        return out;
    }

    /** The child with this key, or an empty optional when absent. */
    public Optional<ConfigNode> get(String key) {
        return Optional.ofNullable(entries().get(key));
    }

    /**
     * Rejects keys this version does not know, so that a typo is an error and not silently ignored.
     * Readers of zerofail.yaml pass a {@link ConfigKeys} constant instead, which the reference is checked against.
     */
    public ConfigNode requireKeys(ConfigKeys allowed) {
        return requireKeys(allowed.keys());
    }

    /** Rejects keys not in {@code allowed}; for YAML other than zerofail.yaml, or prefer {@link #requireKeys(ConfigKeys)}. */
    public ConfigNode requireKeys(List<String> allowed) {
        for (Map.Entry<String, ConfigNode> e : entries().entrySet()) {
            if (!allowed.contains(e.getKey())) {
                throw e.getValue().error("unknown key '" + e.getKey() + "'", "expected one of " + allowed);
            }
        }
        return this;
    }

    public List<ConfigNode> items() {
        List<ConfigNode> out = new ArrayList<>();
        if (isNull()) {
            return out;
        }
        if (!(node instanceof SequenceNode s)) {
            throw error("expected a list", "write '- item' lines or [a, b]");
        }
        int i = 0;
        for (Node child : s.getValue()) {
            out.add(new ConfigNode(file, path + "[" + i++ + "]", child));
        }
        return out;
    }

    public String string() {
        if (!(node instanceof ScalarNode s)) {
            throw error("expected a single value", "write a plain value, not a list or mapping");
        }
        return s.getValue();
    }

    public List<String> strings() {
        if (node instanceof ScalarNode) {
            return List.of(string());
        }
        return items().stream().map(ConfigNode::string).toList();
    }

    public boolean bool() {
        String v = string();
        if (v.equalsIgnoreCase("true") || v.equalsIgnoreCase("yes")) {
            return true;
        }
        if (v.equalsIgnoreCase("false") || v.equalsIgnoreCase("no")) {
            return false;
        }
        throw error("expected true or false, got '" + v + "'", "write true or false");
    }

    public long longValue() {
        String v = string();
        try {
            return Long.parseLong(v.replace("_", ""));
        } catch (NumberFormatException e) {
            throw error("expected a whole number, got '" + v + "'", "write a number such as 100");
        }
    }

    /** A size such as {@code 25MB}, {@code 512k} or plain bytes: see {@link Sizes}. */
    public long bytes() {
        return Sizes.parse(string(), where());
    }
}
