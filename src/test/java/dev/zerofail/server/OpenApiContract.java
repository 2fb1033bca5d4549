package dev.zerofail.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The served OpenAPI document as a test oracle: a response of a documented operation must be
 * documented (its status and media type) and match that response's schema.
 */
final class OpenApiContract {
    static final ObjectMapper MAPPER = new ObjectMapper();
    static final JsonNode DOC = read(OpenApiRoutes.load());
    private static final JsonSchemaFactory FACTORY = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
    private static final Map<String, JsonSchema> CACHE = new ConcurrentHashMap<>();

    private OpenApiContract() {
    }

    static JsonNode read(byte[] json) {
        try {
            return MAPPER.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Asserts {@code body} is a problem document as openapi.json defines it (for responses of undocumented paths). */
    static void assertProblemDocument(String body) {
        JsonSchema schema = CACHE.computeIfAbsent("problem", k -> {
            ObjectNode root = DOC.deepCopy();
            root.put("$schema", "https://json-schema.org/draft/2020-12/schema");
            root.put("$ref", "#/components/schemas/problem");
            return FACTORY.getSchema(root);
        });
        Set<ValidationMessage> errors = schema.validate(read(body.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        assertThat(errors).as("problem document:%n%s", body).isEmpty();
    }

    /** Asserts the response matches the document for {@code method template}; a template the document lacks fails. */
    static void assertMatches(String method, String template, int status, String contentType, String body) {
        JsonNode op = DOC.path("paths").path(template).path(method.toLowerCase());
        assertThat(op.isMissingNode()).as("%s %s is in openapi.json", method, template).isFalse();
        JsonNode response = op.path("responses").path(Integer.toString(status));
        assertThat(response.isMissingNode()).as("%s %s documents status %d", method, template, status).isFalse();
        String media = contentType == null ? "" : contentType.split(";")[0].trim();
        JsonNode schemaNode = response.path("content").path(media).path("schema");
        assertThat(schemaNode.isMissingNode()).as("%s %s %d documents %s", method, template, status, media).isFalse();
        JsonSchema schema = CACHE.computeIfAbsent(method + template + status + media, k -> {
            ObjectNode root = DOC.deepCopy();
            root.put("$schema", "https://json-schema.org/draft/2020-12/schema");
            schemaNode.fields().forEachRemaining(f -> root.set(f.getKey(), f.getValue()));
            return FACTORY.getSchema(root);
        });
        Set<ValidationMessage> errors = schema.validate(read(body.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        assertThat(errors).as("%s %s %d against openapi.json:%n%s", method, template, status, body).isEmpty();
    }
}
