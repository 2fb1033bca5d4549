package dev.zerofail.compose;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One compose file as read: its label for messages (relative to the working directory), the
 * {@code version:} it declares (or null), and its model after interpolation (when asked for),
 * normalisation, {@code extends} and {@code include}. Lines of its keys serve error messages and
 * findings.
 */
public record ComposeFile(Path path, String label, String version, Map<String, Object> model,
        Map<String, Integer> lines) {
    @SuppressWarnings("unchecked")
    public Map<String, Object> services() {
        Object v = model.get("services");
        return v instanceof Map<?, ?> m ? (Map<String, Object>) m : new LinkedHashMap<>();
    }

    public int line(String keyPath) {
        return lines.getOrDefault(keyPath, 0);
    }

    public String where(String keyPath) {
        return ComposeErrors.where(label, lines, keyPath);
    }
}
