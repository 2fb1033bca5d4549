package dev.zerofail.compose;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.zerofail.core.ZerofailException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;

/**
 * A network, secret or config a stack needs before its services can be created. {@code spec} is the
 * Engine API body without secret data: {@code NetworkCreateRequest} for a network, {@code SecretSpec}
 * or {@code ConfigSpec} for the others. The content stays in {@code file} until {@link #createBody()}
 * reads it, so a SwarmObject can be logged or recorded without carrying a secret value.
 */
public record SwarmObject(Kind kind, String key, String name, ObjectNode spec, Path file) {
    public enum Kind { NETWORK, SECRET, CONFIG }

    public SwarmObject {
        spec = spec.deepCopy();
    }

    @Override
    public ObjectNode spec() {
        return spec.deepCopy();
    }

    /** The body to POST to /networks/create, /secrets/create or /configs/create, with Data read from {@code file}. */
    public ObjectNode createBody() {
        ObjectNode body = spec.deepCopy();
        if (file != null) {
            try {
                body.put("Data", Base64.getEncoder().encodeToString(Files.readAllBytes(file)));
            } catch (IOException e) {
                throw ZerofailException.usage(kind.name().toLowerCase(java.util.Locale.ROOT) + "s." + key + ".file",
                        "cannot read " + file + " (" + e.getClass().getSimpleName() + ")",
                        "create the file, or point file: at an existing one");
            }
        }
        return body;
    }
}
