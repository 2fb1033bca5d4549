package dev.zerofail.runs.cause;

import dev.zerofail.core.ConfigNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/** One labelled failure excerpt in the format of docs/runs-causes.md. */
record LabelledCase(String id, String source, Cause label, FailedJob job, boolean heldOut) {
    private static final List<String> KEYS = List.of("source", "cause", "log", "workflow", "job", "conclusion",
            "steps", "note");

    /** Every {@code *.yaml} case in {@code dir}, sorted by id. */
    static List<LabelledCase> readAll(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".yaml")).sorted()
                    .map(LabelledCase::read).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static LabelledCase read(Path file) {
        String name = file.getFileName().toString();
        String id = name.substring(0, name.length() - ".yaml".length());
        ConfigNode n = ConfigNode.load(file).requireKeys(KEYS);
        String source = n.get("source").map(ConfigNode::string)
                .orElseThrow(() -> n.error("missing 'source'", "cite where the excerpt was published"));
        ConfigNode causeNode = n.get("cause").orElseThrow(() -> n.error("missing 'cause'", "label the case"));
        Cause label;
        try {
            label = Cause.valueOf(causeNode.string().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw causeNode.error("unknown cause '" + causeNode.string() + "'", "use a cause from docs/runs-causes.md");
        }
        List<StepOutcome> steps = new ArrayList<>();
        n.get("steps").ifPresent(s -> s.items().forEach(step -> {
            step.requireKeys(List.of("name", "conclusion"));
            steps.add(new StepOutcome(step.get("name").map(ConfigNode::string).orElse(null),
                    step.get("conclusion").map(ConfigNode::string).orElse(null)));
        }));
        List<String> log = n.get("log").filter(l -> !l.isNull()).map(l -> l.string().lines().toList()).orElse(List.of());
        FailedJob job = new FailedJob(n.get("workflow").map(ConfigNode::string).orElse("ci"),
                n.get("job").map(ConfigNode::string).orElse("build"),
                n.get("conclusion").map(ConfigNode::string).orElse("failure"), steps, log);
        return new LabelledCase(id, source, label, job, heldOut(id));
    }

    /** The split of docs/runs-causes.md: SHA-256 of the id, first 8 hex digits as a number, modulo 10, below 3. */
    static boolean heldOut(String id) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(id.getBytes(StandardCharsets.UTF_8));
            long first8Hex = new BigInteger(1, java.util.Arrays.copyOf(digest, 4)).longValue();
            return first8Hex % 10 < 3;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
