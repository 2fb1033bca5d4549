package dev.zerofail.swarm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * The fingerprint key kept in the Swarm itself, as the config {@value #CONFIG_NAME}: the service and
 * secret labels zerofail compares live in that Swarm, so every runner that deploys to it (a fresh CI
 * checkout included) fingerprints alike with nothing to set up. A config is readable by whoever
 * reaches the Engine API, who can read the services' environment anyway; CI logs, labels and reports
 * never carry the key.
 */
public final class SwarmKeys {
    public static final String CONFIG_NAME = "zerofail-fingerprint-key";
    private static final ObjectMapper JSON = new ObjectMapper();

    private SwarmKeys() {
    }

    /** Reads the key, or creates it (a concurrent creator wins and both read its key). */
    public static byte[] fingerprintKey(DockerEngine engine) {
        byte[] found = read(engine);
        if (found != null) {
            return found;
        }
        byte[] raw = new byte[32];
        new SecureRandom().nextBytes(raw);
        ObjectNode spec = JSON.createObjectNode().put("Name", CONFIG_NAME)
                .put("Data", Base64.getEncoder().encodeToString(HexFormat.of().formatHex(raw).getBytes(StandardCharsets.US_ASCII)));
        spec.putObject("Labels").put("dev.zerofail.purpose", "fingerprint-key");
        int status = engine.call("create config " + CONFIG_NAME, () -> engine.exchange("POST", "/configs/create", spec).status());
        if (status >= 400 && status != 409) {
            throw new IllegalStateException("the daemon refused to create " + CONFIG_NAME + " (HTTP " + status + ")");
        }
        byte[] key = read(engine);
        if (key == null) {
            throw new IllegalStateException(CONFIG_NAME + " is missing right after it was created");
        }
        return key;
    }

    private static byte[] read(DockerEngine engine) {
        String filter = URLEncoder.encode("{\"name\":[\"" + CONFIG_NAME + "\"]}", StandardCharsets.UTF_8);
        DockerEngine.Answer a = engine.call("list configs", () -> engine.exchange("GET", "/configs?filters=" + filter, null));
        if (a.status() >= 400) {
            throw new IllegalStateException("the daemon refused to list configs (HTTP " + a.status() + ")");
        }
        JsonNode configs;
        try {
            configs = a.text().isBlank() ? JSON.createArrayNode() : JSON.readTree(a.text());
        } catch (IOException e) {
            throw new IllegalStateException("reading the daemon's answer failed", e);
        }
        for (JsonNode c : configs) {
            // the name filter matches prefixes too
            if (CONFIG_NAME.equals(c.path("Spec").path("Name").asText())) {
                String hex = new String(Base64.getDecoder().decode(c.path("Spec").path("Data").asText()),
                        StandardCharsets.US_ASCII).strip();
                byte[] key = HexFormat.of().parseHex(hex);
                if (key.length < 16) {
                    throw new IllegalStateException(CONFIG_NAME + " holds a key shorter than 16 bytes");
                }
                return key;
            }
        }
        return null;
    }
}
