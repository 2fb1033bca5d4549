package dev.zerofail.report;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import dev.zerofail.core.ExitCode;
import dev.zerofail.core.Scorecard;
import dev.zerofail.core.Severity;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Locale;

/**
 * The one Jackson mapper every JSON document is written with, so all commands agree on the
 * conventions of docs/schemas: enums in lower case ({@link ExitCode} as its number, {@link Severity}
 * as its label), {@link Instant}s as ISO-8601 strings, paths as plain strings, nulls left out.
 */
public final class Json {
    public static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .setSerializationInclusion(JsonInclude.Include.NON_NULL)
            .registerModule(module())
            .addMixIn(Scorecard.class, ScorecardFigures.class)
            .addMixIn(Scorecard.Section.class, SectionFigures.class);

    private Json() {
    }

    /** The scorecard's verdict and counts are derived, not components: written beside its sections (core stays free of Jackson). */
    @JsonPropertyOrder({"passed", "checksPassed", "checksTotal", "checksNotMeasured", "sections"})
    abstract static class ScorecardFigures {
        @JsonProperty("passed")
        abstract boolean passed();

        @JsonProperty("checksPassed")
        abstract long checksPassed();

        @JsonProperty("checksTotal")
        abstract long checksTotal();

        @JsonProperty("checksNotMeasured")
        abstract long checksNotMeasured();
    }

    @JsonPropertyOrder({"name", "passed", "checks"})
    abstract static class SectionFigures {
        @JsonProperty("passed")
        abstract boolean passed();
    }

    private static SimpleModule module() {
        SimpleModule m = new SimpleModule("zerofail-contract");
        m.addSerializer(Instant.class, ToStringSerializer.instance);
        m.addSerializer(Path.class, new JsonSerializer<>() {
            @Override
            public void serialize(Path value, JsonGenerator gen, SerializerProvider serializers) throws IOException {
                gen.writeString(value.toString());
            }

            @Override
            public Class<Path> handledType() {
                return Path.class;
            }
        });
        @SuppressWarnings({"rawtypes", "unchecked"})
        Class<Enum<?>> enumType = (Class) Enum.class;
        m.addSerializer(enumType, new JsonSerializer<Enum<?>>() {
            @Override
            public void serialize(Enum<?> value, JsonGenerator gen, SerializerProvider serializers) throws IOException {
                if (value instanceof ExitCode c) {
                    gen.writeNumber(c.code());
                } else if (value instanceof Severity s) {
                    gen.writeString(s.label());
                } else {
                    gen.writeString(value.name().toLowerCase(Locale.ROOT));
                }
            }
        });
        m.addKeySerializer(enumType, new JsonSerializer<Enum<?>>() {
            @Override
            public void serialize(Enum<?> value, JsonGenerator gen, SerializerProvider serializers) throws IOException {
                gen.writeFieldName(value instanceof Severity s ? s.label() : value.name().toLowerCase(Locale.ROOT));
            }
        });
        return m;
    }

    // the same conventions without the indentation, which was a good part of writing a page of deployments
    private static final ObjectWriter COMPACT = MAPPER.writer().without(SerializationFeature.INDENT_OUTPUT);

    /**
     * The same document as {@link #write}, without indentation, as UTF-8 bytes written by Jackson straight
     * into them: serve's answers, where indenting, building the String and encoding it again per request
     * was most of a page's CPU (bench/results/serve.md).
     */
    public static byte[] writeBytes(Object value) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream(4096);
            COMPACT.writeValue(out, value);
            out.write('\n');
            return out.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException("cannot write " + value.getClass().getName() + " as JSON", e);
        }
    }

    /** Pretty JSON with a final newline. */
    public static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + value.getClass().getName() + " as JSON", e);
        }
    }
}
