package dev.zerofail.history;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.zerofail.core.Masking;
import dev.zerofail.scan.SecretKeys;
import java.io.IOException;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;

/**
 * Masks the values of secret-looking environment entries in a spec before it is stored: an Engine
 * API {@code Env: ["KEY=value"]} list or a compose-style {@code environment: {KEY: value}} map,
 * wherever they sit in the document. The scanner's key rules decide what looks secret. Free
 * text gets the same treatment for {@code KEY=value} pairs ({@link #maskText}).
 */
final class SpecMasking {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final java.util.function.Supplier<SecretKeys> source;
    private volatile SecretKeys keys;

    /** The key rules load on first use: a store that only reads (history, status) never needs them. */
    SpecMasking(java.util.function.Supplier<SecretKeys> source) {
        this.source = source;
    }

    private SecretKeys keys() {
        SecretKeys k = keys;
        if (k == null) {
            k = source.get();
            keys = k;
        }
        return k;
    }

    String mask(String specJson) {
        if (specJson == null || specJson.isBlank()) {
            return specJson;
        }
        JsonNode root;
        try {
            root = JSON.readTree(specJson);
        } catch (IOException e) {
            // Not quoted: an unparsable spec could be anything, including a secret.
            throw new IllegalArgumentException("a deployment spec must be JSON (" + e.getClass().getSimpleName() + ")");
        }
        walk(root, false);
        try {
            return JSON.writeValueAsString(root);
        } catch (IOException e) {
            throw new IllegalStateException("re-serialising a parsed JSON tree cannot fail", e);
        }
    }

    private void walk(JsonNode node, boolean envContext) {
        if (node instanceof ObjectNode obj) {
            Iterator<Map.Entry<String, JsonNode>> it = obj.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                JsonNode v = e.getValue();
                if (envContext && v.isValueNode() && !v.isNull()) {
                    e.setValue(TextNode.valueOf(maskValue(e.getKey(), v.asText())));
                } else if (v.isTextual()) {
                    e.setValue(TextNode.valueOf(maskUrlCredentials(v.asText())));
                } else {
                    walk(v, isEnvName(e.getKey()));
                }
            }
        } else if (node instanceof ArrayNode arr) {
            for (int i = 0; i < arr.size(); i++) {
                JsonNode item = arr.get(i);
                if (envContext && item.isTextual()) {
                    arr.set(i, TextNode.valueOf(maskAssignment(item.asText())));
                } else if (item.isTextual()) {
                    arr.set(i, TextNode.valueOf(maskUrlCredentials(item.asText())));
                } else {
                    walk(item, false);
                }
            }
        }
    }

    private String maskAssignment(String entry) {
        int eq = entry.indexOf('=');
        if (eq <= 0) {
            return entry;
        }
        String key = entry.substring(0, eq);
        return key + "=" + maskValue(key, entry.substring(eq + 1));
    }

    /**
     * An environment value as stored: masked whole under a secret-looking key, else with any URL
     * password masked. A masked value gets {@code #} and its keyed fingerprint, so a rollback can
     * tell which of two same-length values Swarm still holds was the one deployed.
     */
    private String maskValue(String key, String value) {
        String masked = keys().isSecretKey(key) ? Masking.mask(value) : maskUrlCredentials(value);
        return masked.equals(value) ? value : masked + TAG + tag(value);
    }

    static final String TAG = "#";

    /** The keyed fingerprint that follows a masked environment value. */
    static String tag(String value) {
        return dev.zerofail.core.Fingerprints.envTag(value);
    }

    private static final java.util.regex.Pattern ASSIGNMENT =
            java.util.regex.Pattern.compile("(?<![A-Za-z0-9_.-])([A-Za-z_][A-Za-z0-9_.-]*)=([^\\s\"',;]+)");

    /**
     * Free text (an event message, a gate detail, an error) masked the same way: a Docker or task
     * error that quotes {@code DB_PASSWORD=…} keeps the name and loses the value.
     */
    String maskText(String text) {
        if (text == null) {
            return null;
        }
        text = maskUrlCredentials(text);
        if (text.indexOf('=') < 0) {
            return text;
        }
        java.util.regex.Matcher m = ASSIGNMENT.matcher(text);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String replacement = keys().isSecretKey(m.group(1)) ? m.group(1) + "=" + Masking.mask(m.group(2)) : m.group();
            m.appendReplacement(sb, java.util.regex.Matcher.quoteReplacement(replacement));
        }
        m.appendTail(sb);
        return sb.toString();
    }

    /** URL passwords, whatever the key is called ({@code DATABASE_URL}, {@code SMTP_URL}): see {@link Masking#maskUrlCredentials}. */
    static String maskUrlCredentials(String text) {
        return Masking.maskUrlCredentials(text);
    }

    private static boolean isEnvName(String field) {
        String f = field.toLowerCase(Locale.ROOT);
        return f.equals("env") || f.equals("environment");
    }
}
