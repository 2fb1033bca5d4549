package dev.zerofail;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Checks a JSON document against the published contract in docs/schemas: the command's own
 * schema ({@code secrets verify} → {@code secrets-verify.schema.json}), which includes the envelope.
 * {@code Cli.run} calls it on every {@code --format json} output, so each CLI test checks the
 * contract of what it ran.
 */
public final class Contracts {
    public static final Path SCHEMAS = Path.of("docs/schemas").toAbsolutePath();
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonSchemaFactory FACTORY = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
    private static final Map<Path, JsonSchema> CACHE = new ConcurrentHashMap<>();

    private Contracts() {
    }

    /** The schema file of a command ("secrets verify" → docs/schemas/secrets-verify.schema.json). */
    public static Path schemaOf(String command) {
        return SCHEMAS.resolve(command.trim().replace(' ', '-') + ".schema.json");
    }

    /** Asserts {@code json} is a valid document of its command (read from its {@code command} field); returns it parsed. */
    public static JsonNode assertValid(String json) {
        JsonNode doc;
        try {
            doc = MAPPER.readTree(json);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + e.getMessage() + "\n" + json, e);
        }
        assertThat(doc).as("a JSON document").isNotNull();
        String command = doc.path("command").asText("");
        Path schema = command.isEmpty() || !Files.exists(schemaOf(command)) ? SCHEMAS.resolve("envelope.schema.json")
                : schemaOf(command);
        Set<ValidationMessage> errors = schema(schema).validate(doc);
        assertThat(errors).as("%s against %s:%n%s", command.isEmpty() ? "document" : "'" + command + "' output",
                SCHEMAS.relativize(schema), json.length() > 4000 ? json.substring(0, 4000) + "…" : json).isEmpty();
        return doc;
    }

    private static JsonSchema schema(Path file) {
        return CACHE.computeIfAbsent(file, f -> {
            if (!Files.exists(f)) {
                throw new UncheckedIOException(new IOException("no schema " + f));
            }
            return FACTORY.getSchema(SchemaLocation.of(f.toUri().toString()));
        });
    }
}
