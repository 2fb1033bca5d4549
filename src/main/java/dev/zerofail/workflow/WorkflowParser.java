package dev.zerofail.workflow;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.common.ScalarStyle;
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

/** Reads workflow files with snakeyaml-engine's node API, keeping the line of every node. */
public final class WorkflowParser {
    /** Larger files are not workflows anyone maintains by hand: reported, not parsed. */
    public static final long MAX_BYTES = 1 << 20;

    private WorkflowParser() {
    }

    /** Thrown for a file that cannot be read as a workflow; carries the line when known. */
    public static final class ParseError extends Exception {
        private static final long serialVersionUID = 1L;
        private final int line;

        ParseError(String message, int line) {
            super(message);
            this.line = line;
        }

        public int line() {
            return line;
        }
    }

    public static Workflow parse(Path file, String relPath) throws ParseError {
        try {
            if (Files.size(file) > MAX_BYTES) {
                throw new ParseError("file larger than 1 MB; not read as a workflow", 0);
            }
            return parse(relPath, Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new ParseError("cannot read: " + e.getClass().getSimpleName(), 0);
        }
    }

    public static Workflow parse(String relPath, String text) throws ParseError {
        Node root = compose(relPath, text);
        if (!(root instanceof MappingNode map)) {
            throw new ParseError("a workflow must be a mapping with 'on' and 'jobs'", line(root));
        }
        boolean archived = isArchived(relPath);
        boolean composite = relPath.endsWith("action.yml") || relPath.endsWith("action.yaml");
        Map<String, Node> top = entries(map);
        String name = scalar(top.get("name"));
        Map<String, Workflow.Trigger> triggers = composite ? Map.of() : triggers(top.get(top.containsKey("on") ? "on" : "true"));
        Node perms = top.get("permissions");
        List<Workflow.Job> jobs = new ArrayList<>();
        if (composite) {
            Node runs = top.get("runs");
            Node steps = runs instanceof MappingNode rm ? entries(rm).get("steps") : null;
            jobs.add(new Workflow.Job("composite", line(runs), name, null, null, null, false, null, null, null, false,
                    Map.of(), steps(steps)));
        } else {
            Node jobsNode = top.get("jobs");
            if (jobsNode instanceof MappingNode jm) {
                for (NodeTuple t : jm.getValue()) {
                    jobs.add(job(scalar(t.getKeyNode()), line(t.getKeyNode()), t.getValueNode()));
                }
            } else if (jobsNode != null) {
                throw new ParseError("'jobs' must be a mapping of job ids", line(jobsNode));
            }
        }
        int lines = (int) text.chars().filter(c -> c == '\n').count() + (text.endsWith("\n") || text.isEmpty() ? 0 : 1);
        return new Workflow(relPath, archived, composite, name, triggers, top.containsKey("concurrency"),
                perms == null ? null : permissionsText(perms), perms == null ? 0 : line(perms), values(top.get("env")),
                jobs, lines, plainMap(map));
    }

    /**
     * GitHub runs only the files directly under .github/workflows/: anything in a subdirectory
     * (archive/, old/, disabled/...) is archived, read for the inventory but never run.
     */
    public static boolean isArchived(String relPath) {
        String p = relPath.replace('\\', '/');
        int i = p.indexOf(".github/workflows/");
        String rest = i < 0 ? p : p.substring(i + ".github/workflows/".length());
        return i < 0 ? p.startsWith("archive/") || p.contains("/archive/") : rest.contains("/");
    }

    private static Node compose(String relPath, String text) throws ParseError {
        LoadSettings settings = dev.zerofail.core.Yaml.settings(relPath).setAllowDuplicateKeys(true).build();
        try {
            Optional<Node> node = dev.zerofail.core.Yaml.compose(settings, text);
            return node.orElseThrow(() -> new ParseError("empty file", 1));
        } catch (MarkedYamlEngineException e) {
            throw new ParseError("invalid YAML: " + e.getProblem(), e.getProblemMark().map(m -> m.getLine() + 1).orElse(0));
        } catch (YamlEngineException e) {
            throw new ParseError("invalid YAML: " + String.valueOf(e.getMessage()).lines().findFirst().orElse(""), 0);
        }
    }

    // YAML 1.1 readers turn a bare `on:` key into the boolean true; snakeyaml-engine (YAML 1.2) keeps "on".
    private static Map<String, Workflow.Trigger> triggers(Node on) {
        Map<String, Workflow.Trigger> out = new LinkedHashMap<>();
        if (on instanceof ScalarNode s) {
            out.put(s.getValue(), new Workflow.Trigger(s.getValue(), List.of(), List.of(), line(s)));
        } else if (on instanceof SequenceNode seq) {
            for (Node n : seq.getValue()) {
                out.put(scalar(n), new Workflow.Trigger(scalar(n), List.of(), List.of(), line(n)));
            }
        } else if (on instanceof MappingNode m) {
            for (NodeTuple t : m.getValue()) {
                String event = scalar(t.getKeyNode());
                List<String> branches = new ArrayList<>();
                List<String> paths = new ArrayList<>();
                if (t.getValueNode() instanceof MappingNode detail) {
                    Map<String, Node> d = entries(detail);
                    branches.addAll(strings(d.get("branches")));
                    branches.addAll(strings(d.get("tags")).stream().map(x -> "tag:" + x).toList());
                    paths.addAll(strings(d.get("paths")));
                } else if (t.getValueNode() instanceof SequenceNode cron) {
                    for (Node c : cron.getValue()) {
                        if (c instanceof MappingNode cm) {
                            branches.add("cron:" + scalar(entries(cm).get("cron")));
                        }
                    }
                }
                out.put(event, new Workflow.Trigger(event, branches, paths, line(t.getKeyNode())));
            }
        }
        return out;
    }

    private static Workflow.Job job(String id, int keyLine, Node node) throws ParseError {
        if (!(node instanceof MappingNode m)) {
            throw new ParseError("job '" + id + "' must be a mapping", line(node));
        }
        Map<String, Node> j = entries(m);
        Integer timeout = null;
        String t = scalar(j.get("timeout-minutes"));
        if (t != null) {
            try {
                timeout = Integer.valueOf(t.strip());
            } catch (NumberFormatException e) {
                timeout = -1; // an expression: set, but not a number we can judge
            }
        }
        Node env = j.get("environment");
        String environment = env instanceof MappingNode em ? scalar(entries(em).get("name")) : scalar(env);
        Node runsOn = j.get("runs-on");
        return new Workflow.Job(id, keyLine, scalar(j.get("name")),
                runsOn instanceof ScalarNode ? scalar(runsOn) : (runsOn == null ? null : String.join(",", strings(runsOn))),
                environment, timeout, "true".equals(scalar(j.get("continue-on-error"))), scalar(j.get("if")),
                scalar(j.get("uses")), j.containsKey("permissions") ? permissionsText(j.get("permissions")) : null,
                j.containsKey("concurrency"), values(j.get("env")), steps(j.get("steps")));
    }

    private static List<Workflow.Step> steps(Node node) throws ParseError {
        List<Workflow.Step> out = new ArrayList<>();
        if (node == null) {
            return out;
        }
        if (!(node instanceof SequenceNode seq)) {
            throw new ParseError("'steps' must be a list", line(node));
        }
        int i = 0;
        for (Node n : seq.getValue()) {
            if (!(n instanceof MappingNode sm)) {
                throw new ParseError("a step must be a mapping", line(n));
            }
            Map<String, Node> s = entries(sm);
            Node run = s.get("run");
            int runLine = run == null ? 0 : line(run) + (run instanceof ScalarNode rs
                    && (rs.getScalarStyle() == ScalarStyle.LITERAL || rs.getScalarStyle() == ScalarStyle.FOLDED) ? 1 : 0);
            Node coe = s.get("continue-on-error");
            out.add(new Workflow.Step(i++, line(n), scalar(s.get("name")), scalar(s.get("uses")), line(s.get("uses")),
                    scalar(run), runLine, values(s.get("with")), values(s.get("env")), scalar(s.get("if")),
                    line(s.get("if")), "true".equals(scalar(coe)), line(coe), scalar(s.get("shell")), plainMap(sm)));
        }
        return out;
    }

    private static String permissionsText(Node n) {
        if (n instanceof ScalarNode s) {
            return s.getValue();
        }
        if (n instanceof MappingNode m) {
            StringBuilder sb = new StringBuilder();
            for (NodeTuple t : m.getValue()) {
                sb.append(sb.length() == 0 ? "" : ",").append(scalar(t.getKeyNode())).append(':').append(scalar(t.getValueNode()));
            }
            return sb.toString();
        }
        return "";
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> plainMap(MappingNode m) {
        return (Map<String, Object>) plain(m);
    }

    /** Maps, lists and strings (scalars keep their text; YAML types are for the emitter to decide). */
    static Object plain(Node n) {
        if (n instanceof ScalarNode s) {
            String v = s.getValue();
            if (s.getScalarStyle() == ScalarStyle.PLAIN) {
                // keep numbers and booleans typed, so a copied timeout-minutes stays a number
                if (v.equals("true") || v.equals("false")) {
                    return Boolean.valueOf(v);
                }
                if (v.matches("-?[0-9]{1,9}")) {
                    return Integer.valueOf(v);
                }
            }
            return v;
        }
        if (n instanceof SequenceNode seq) {
            List<Object> out = new ArrayList<>();
            seq.getValue().forEach(c -> out.add(plain(c)));
            return out;
        }
        if (n instanceof MappingNode m) {
            Map<String, Object> out = new LinkedHashMap<>();
            for (NodeTuple t : m.getValue()) {
                out.put(String.valueOf(plain(t.getKeyNode())), plain(t.getValueNode()));
            }
            return out;
        }
        return null;
    }

    static Map<String, Node> entries(MappingNode m) {
        Map<String, Node> out = new LinkedHashMap<>();
        for (NodeTuple t : m.getValue()) {
            if (t.getKeyNode() instanceof ScalarNode k) {
                out.put(k.getValue(), t.getValueNode());
            }
        }
        return out;
    }

    private static Map<String, Workflow.Value> values(Node n) {
        Map<String, Workflow.Value> out = new LinkedHashMap<>();
        if (n instanceof MappingNode m) {
            for (NodeTuple t : m.getValue()) {
                String v = scalar(t.getValueNode());
                out.put(scalar(t.getKeyNode()), new Workflow.Value(v == null ? "" : v, line(t.getValueNode())));
            }
        }
        return out;
    }

    private static List<String> strings(Node n) {
        List<String> out = new ArrayList<>();
        if (n instanceof ScalarNode s) {
            out.add(s.getValue());
        } else if (n instanceof SequenceNode seq) {
            for (Node c : seq.getValue()) {
                if (c instanceof ScalarNode s) {
                    out.add(s.getValue());
                }
            }
        }
        return out;
    }

    static String scalar(Node n) {
        return n instanceof ScalarNode s ? s.getValue() : null;
    }

    static int line(Node n) {
        return n == null ? 0 : n.getStartMark().map(m -> m.getLine() + 1).orElse(0);
    }
}
