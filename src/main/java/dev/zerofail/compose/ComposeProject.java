package dev.zerofail.compose;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Several compose files merged into one canonical model: plain maps and lists in the shape
 * {@code docker compose config} prints, long syntax everywhere. {@code files} holds each input
 * as it was read (normalised, extends resolved, not merged), for reports that compare them.
 */
public record ComposeProject(String name, Map<String, Object> model, List<ComposeFile> files, List<String> warnings) {
    public ComposeProject {
        files = List.copyOf(files);
        warnings = List.copyOf(warnings);
    }

    public Map<String, Object> services() {
        return section("services");
    }

    @SuppressWarnings("unchecked")
    public Map<String, Object> section(String key) {
        Object v = model.get(key);
        return v instanceof Map<?, ?> m ? (Map<String, Object>) m : new LinkedHashMap<>();
    }

    @SuppressWarnings("unchecked")
    public Map<String, Object> service(String name) {
        return (Map<String, Object>) services().get(name);
    }

    /**
     * A copy of the model in which the values of environment variables with secret-looking names
     * (by the scanner's vocabulary) are masked, so printing it cannot leak what the environment held.
     */
    public Map<String, Object> redactedModel() {
        dev.zerofail.scan.SecretKeys keys = dev.zerofail.scan.RuleSet.builtin().secretKeys();
        Map<String, Object> copy = YamlTree.deepCopy(model);
        for (Object svc : ComposeMaps.map(copy, "services").values()) {
            Map<String, Object> env = ComposeMaps.asMap(ComposeMaps.asMap(svc).get("environment"));
            if (env != null) {
                env.replaceAll((k, v) -> v instanceof String s && !s.isEmpty() && keys.isSecretKey(k)
                        ? dev.zerofail.core.Masking.mask(s) : v);
            }
        }
        return copy;
    }

    public List<Path> paths() {
        return files.stream().map(ComposeFile::path).toList();
    }
}
