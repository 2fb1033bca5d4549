package dev.zerofail.core;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.LoadSettingsBuilder;
import org.snakeyaml.engine.v2.composer.Composer;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.parser.ParserImpl;
import org.snakeyaml.engine.v2.scanner.StreamReader;

/**
 * The one way every reader of a repository's YAML (workflows, compose files, zerofail.yaml, manifests)
 * composes a document, with bounds that keep hostile or broken input from taking a command down:
 * a size limit, a bounded alias expansion (an alias bomb is refused, not expanded), a nesting limit
 * (the parser and our tree walks are recursive) and a read window large enough that a long quoted
 * line is not re-copied per 1 KB. Every violation is a {@link YamlEngineException}, which each caller
 * already turns into its file-and-line error or finding.
 */
public final class Yaml {
    /** Larger than any real workflow, compose file or manifest; checked before parsing. */
    public static final int MAX_CODE_POINTS = 1024 * 1024;
    /** Files above this many bytes are not read at all (UTF-8 takes at most 4 bytes a code point). */
    public static final long MAX_BYTES = 4L * MAX_CODE_POINTS;
    /** Nodes after expanding every alias: a real file has a few thousand. */
    public static final long MAX_EXPANDED_NODES = 1_000_000;
    /** Nested collections: real files stay under 20. */
    public static final int MAX_DEPTH = 300;

    private Yaml() {
    }

    /** Settings with our bounds; callers add their own (duplicate keys, comments). */
    public static LoadSettingsBuilder settings(String label) {
        return LoadSettings.builder().setLabel(label)
                // snakeyaml-engine re-copies its window while it looks ahead inside a scalar: 1024 makes a
                // 1 MB quoted line take seconds, 64 K makes it milliseconds.
                .setBufferSize(64 * 1024)
                .setCodePointLimit(MAX_CODE_POINTS + 16)
                .setMaxAliasesForCollections(1000)
                .setAllowRecursiveKeys(false);
    }

    /** The single document of {@code text}, or empty; bounded as described above. */
    public static Optional<Node> compose(LoadSettings settings, String text) {
        String t = text == null ? "" : text;
        if (t.length() > MAX_CODE_POINTS && t.codePointCount(0, t.length()) > MAX_CODE_POINTS) {
            throw new YamlEngineException("file larger than 1 MB; not read as YAML");
        }
        Optional<Node> root;
        try {
            root = new Composer(settings, new ParserImpl(settings, new StreamReader(settings, t))).getSingleNode();
        } catch (StackOverflowError e) {
            // the composer recurses once per nesting level; the stack unwinds cleanly to here
            throw new YamlEngineException("nested too deeply (more than " + MAX_DEPTH + " levels)");
        }
        root.ifPresent(Yaml::checkBounds);
        return root;
    }

    /**
     * Every document of {@code text} in order, each bounded as {@link #compose} bounds one: docker compose
     * reads a file of several documents ({@code ---}) as if each were a further file.
     */
    public static List<Node> composeAll(LoadSettings settings, String text) {
        String t = text == null ? "" : text;
        if (t.length() > MAX_CODE_POINTS && t.codePointCount(0, t.length()) > MAX_CODE_POINTS) {
            throw new YamlEngineException("file larger than 1 MB; not read as YAML");
        }
        List<Node> documents = new java.util.ArrayList<>();
        try {
            Composer composer = new Composer(settings, new ParserImpl(settings, new StreamReader(settings, t)));
            while (composer.hasNext()) {
                Node document = composer.next();
                checkBounds(document);
                documents.add(document);
            }
        } catch (StackOverflowError e) {
            throw new YamlEngineException("nested too deeply (more than " + MAX_DEPTH + " levels)");
        }
        return List.copyOf(documents);
    }

    /**
     * Counts the nodes of the document with every alias expanded, and its depth, without expanding
     * anything (a node shared by aliases is counted once and its result reused). Iterative, so a deep
     * document cannot overflow the stack here. A node that contains itself counts once.
     */
    static void checkBounds(Node root) {
        Map<Node, long[]> done = new IdentityHashMap<>(); // node -> {expanded size, depth}
        Map<Node, Boolean> open = new IdentityHashMap<>();
        Deque<Node> stack = new ArrayDeque<>();
        stack.push(root);
        while (!stack.isEmpty()) {
            Node n = stack.peek();
            if (done.containsKey(n)) {
                stack.pop();
                continue;
            }
            List<Node> children = children(n);
            if (open.put(n, Boolean.TRUE) == null) {
                if (open.size() > MAX_DEPTH) {
                    throw new YamlEngineException("nested too deeply (more than " + MAX_DEPTH + " levels)");
                }
                for (Node c : children) {
                    if (!done.containsKey(c) && !open.containsKey(c)) {
                        stack.push(c);
                    }
                }
                continue;
            }
            long size = 1;
            long depth = 0;
            for (Node c : children) {
                long[] r = done.get(c);
                if (r != null) {
                    size += r[0];
                    depth = Math.max(depth, r[1]);
                }
            }
            if (size > MAX_EXPANDED_NODES) {
                throw new YamlEngineException("aliases expand to more than " + MAX_EXPANDED_NODES + " values "
                        + "(an alias bomb?)");
            }
            if (depth + 1 > MAX_DEPTH) {
                throw new YamlEngineException("nested too deeply (more than " + MAX_DEPTH + " levels)");
            }
            done.put(n, new long[] {size, depth + 1});
            open.remove(n);
            stack.pop();
        }
    }

    private static List<Node> children(Node n) {
        if (n instanceof SequenceNode s) {
            return s.getValue();
        }
        if (n instanceof MappingNode m) {
            List<Node> out = new java.util.ArrayList<>(m.getValue().size() * 2);
            for (NodeTuple t : m.getValue()) {
                out.add(t.getKeyNode());
                out.add(t.getValueNode());
            }
            return out;
        }
        return List.of();
    }
}
