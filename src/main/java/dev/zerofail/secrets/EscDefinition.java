package dev.zerofail.secrets;

import dev.zerofail.core.ExitCode;
import dev.zerofail.core.ZerofailException;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.snakeyaml.engine.v2.api.Dump;
import org.snakeyaml.engine.v2.api.DumpSettings;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.StreamDataWriter;
import org.snakeyaml.engine.v2.common.FlowStyle;
import org.snakeyaml.engine.v2.common.ScalarStyle;
import org.snakeyaml.engine.v2.composer.Composer;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.Tag;
import org.snakeyaml.engine.v2.parser.ParserImpl;
import org.snakeyaml.engine.v2.scanner.StreamReader;

/**
 * Edits a Pulumi ESC environment definition in place: sets {@code values.<path>} to
 * {@code fn::secret: VALUE} or removes it, and leaves everything else (imports, other values,
 * comments, existing ciphertexts) as it was.
 */
final class EscDefinition {
    private EscDefinition() {
    }

    static String apply(String yaml, Map<String, String> set, Set<String> delete, String where) {
        LoadSettings load = LoadSettings.builder().setParseComments(true).setLabel(where).build();
        MappingNode root;
        try {
            Composer composer = new Composer(load, new ParserImpl(load, new StreamReader(load, yaml == null ? "" : yaml)));
            Node node = composer.getSingleNode().orElse(null);
            if (node == null) {
                root = new MappingNode(Tag.MAP, new ArrayList<>(), FlowStyle.BLOCK);
            } else if (node instanceof MappingNode m) {
                root = m;
            } else {
                throw new ZerofailException(ExitCode.SERVICE_UNAVAILABLE, where, "the environment definition is not a "
                        + "YAML mapping", "fix the definition in Pulumi ESC");
            }
        } catch (YamlEngineException e) {
            throw new ZerofailException(ExitCode.SERVICE_UNAVAILABLE, where, "the environment definition is not valid YAML",
                    "fix the definition in Pulumi ESC");
        }
        MappingNode values = child(root, "values", true);
        for (Map.Entry<String, String> e : set.entrySet()) {
            List<String> segments = segments(e.getKey());
            MappingNode parent = values;
            for (String s : segments.subList(0, segments.size() - 1)) {
                parent = child(parent, s, true);
            }
            MappingNode secret = new MappingNode(Tag.MAP, new ArrayList<>(List.of(new NodeTuple(scalar("fn::secret"),
                    new ScalarNode(Tag.STR, e.getValue(), e.getValue().contains("\n") ? ScalarStyle.LITERAL
                            : ScalarStyle.DOUBLE_QUOTED)))), FlowStyle.BLOCK);
            put(parent, segments.get(segments.size() - 1), secret);
        }
        for (String path : delete) {
            List<String> segments = segments(path);
            MappingNode parent = values;
            for (String s : segments.subList(0, segments.size() - 1)) {
                parent = parent == null ? null : child(parent, s, false);
            }
            if (parent != null) {
                parent.getValue().removeIf(t -> t.getKeyNode() instanceof ScalarNode k
                        && k.getValue().equals(segments.get(segments.size() - 1)));
            }
        }
        DumpSettings dump = DumpSettings.builder().setDumpComments(true).setDefaultFlowStyle(FlowStyle.BLOCK)
                .setWidth(4096).build();
        StringWriter out = new StringWriter();
        new Dump(dump).dumpNode(root, new StreamDataWriter() {
            @Override
            public void write(String str) {
                out.write(str);
            }

            @Override
            public void write(String str, int off, int len) {
                out.write(str, off, len);
            }
        });
        return out.toString();
    }

    /** {@code acme.ai.openai_api_key} → [acme, ai, openai_api_key]. */
    static List<String> segments(String path) {
        List<String> out = List.of(path.split("\\."));
        if (out.isEmpty() || out.stream().anyMatch(String::isEmpty)) {
            throw ZerofailException.usage(path, "not a store path", "write dot-separated keys such as acme.ai.openai_api_key");
        }
        return out;
    }

    private static MappingNode child(MappingNode parent, String key, boolean create) {
        for (NodeTuple t : parent.getValue()) {
            if (t.getKeyNode() instanceof ScalarNode k && k.getValue().equals(key)) {
                if (t.getValueNode() instanceof MappingNode m) {
                    return m;
                }
                if (!create) {
                    return null;
                }
                MappingNode m = new MappingNode(Tag.MAP, new ArrayList<>(), FlowStyle.BLOCK);
                put(parent, key, m);
                return m;
            }
        }
        if (!create) {
            return null;
        }
        MappingNode m = new MappingNode(Tag.MAP, new ArrayList<>(), FlowStyle.BLOCK);
        parent.getValue().add(new NodeTuple(scalar(key), m));
        return m;
    }

    private static void put(MappingNode parent, String key, Node value) {
        List<NodeTuple> tuples = parent.getValue();
        for (int i = 0; i < tuples.size(); i++) {
            if (tuples.get(i).getKeyNode() instanceof ScalarNode k && k.getValue().equals(key)) {
                tuples.set(i, new NodeTuple(k, value));
                return;
            }
        }
        tuples.add(new NodeTuple(scalar(key), value));
    }

    private static ScalarNode scalar(String s) {
        return new ScalarNode(Tag.STR, s, ScalarStyle.PLAIN);
    }
}
