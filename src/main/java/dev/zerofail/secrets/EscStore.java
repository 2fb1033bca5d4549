package dev.zerofail.secrets;

import dev.zerofail.core.Sleeper;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.zerofail.core.ExitCode;
import dev.zerofail.core.ZerofailException;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Pulumi ESC over its REST API ({@code /api/esc/environments/{org}/{project}/{env}}): the
 * definition is read with its ETag and written back with {@code If-Match}, each value as
 * {@code fn::secret}; current values come from opening the environment (open, then read the
 * session), since the definition holds only ciphertexts.
 */
public final class EscStore implements SecretStore {
    static final String TOKEN = "PULUMI_ACCESS_TOKEN";
    private static final ObjectMapper JSON = new ObjectMapper();
    private final RestClient rest;
    private final String org;
    private final String project;
    private final String environment;
    private Definition cached;

    record Definition(String yaml, String etag) {
    }

    public EscStore(URI url, String org, String project, String environment, Map<String, String> env, Redactor redactor,
            Sleeper sleeper, Clock clock) {
        String token = Credentials.token(env, "esc", TOKEN);
        redactor.add(token);
        this.rest = new RestClient("Pulumi ESC", TOKEN, url, Map.of("Authorization", "token " + token,
                "User-Agent", "zerofail"), sleeper, clock, redactor);
        this.org = org;
        this.project = project;
        this.environment = environment;
    }

    @Override
    public String kind() {
        return "esc";
    }

    @Override
    public String describe() {
        return "Pulumi ESC " + org + "/" + project + "/" + environment + " at " + rest.host();
    }

    @Override
    public KeyBy keyBy() {
        return KeyBy.PATH;
    }

    @Override
    public boolean readsValues() {
        return true;
    }

    private String envPath() {
        return "/api/esc/environments/" + enc(org) + "/" + enc(project) + "/" + enc(environment);
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    Definition definition() {
        RestClient.Response r = rest.send("GET", envPath(), Map.of("Accept", "application/x-yaml"), null, Set.of(200, 404));
        if (r.status() == 404) {
            throw ZerofailException.usage("secrets.stores.esc", describe() + " does not exist (HTTP 404), or the token "
                    + "in " + TOKEN + " cannot see it", "create it with 'esc env init " + org + "/" + project + "/"
                    + environment + "', or fix org, project and environment in zerofail.yaml");
        }
        String etag = r.header("ETag");
        if (etag == null) {
            etag = rest.send("HEAD", envPath(), Map.of(), null, Set.of(200)).header("ETag");
        }
        if (etag == null) {
            throw new ZerofailException(ExitCode.SERVICE_UNAVAILABLE, "GET " + envPath(), "Pulumi ESC sent no ETag, so a "
                    + "concurrent change could not be detected; nothing was written", "try again; report it if it persists");
        }
        return new Definition(r.body(), etag);
    }

    @Override
    public Map<String, Stored> read(Collection<String> keys) {
        cached = definition();
        RestClient.Response opened = rest.send("POST", envPath() + "/open?duration=5m", Map.of("Accept", "application/json"),
                null, Set.of(200));
        String id = json(opened.body(), "open").path("id").asText("");
        if (id.isEmpty()) {
            throw new ZerofailException(ExitCode.SERVICE_UNAVAILABLE, "POST " + envPath() + "/open",
                    "Pulumi ESC returned no session id", "try again later");
        }
        JsonNode props = json(rest.send("GET", envPath() + "/open/" + enc(id), Map.of("Accept", "application/json"), null,
                Set.of(200)).body(), "read").path("properties");
        Map<String, Stored> out = new LinkedHashMap<>();
        for (String key : keys) {
            JsonNode v = lookup(props, EscDefinition.segments(key));
            if (v != null) {
                String value = v.isTextual() ? v.asText() : v.toString();
                out.put(key, new Stored(key, null, value));
            }
        }
        return out;
    }

    /** Walks the opened environment: each level is {"value": …, "secret": …, "trace": …}. */
    private static JsonNode lookup(JsonNode properties, List<String> path) {
        JsonNode level = properties;
        JsonNode value = null;
        for (String segment : path) {
            if (level == null || !level.isObject() || !level.has(segment)) {
                return null;
            }
            value = level.get(segment).path("value");
            level = value;
        }
        return value == null || value.isMissingNode() || value.isNull() ? null : value;
    }

    @Override
    public void write(Map<String, String> set, Set<String> delete, Progress progress) {
        if (set.isEmpty() && delete.isEmpty()) {
            return;
        }
        Definition def = cached != null ? cached : definition();
        for (int attempt = 0; ; attempt++) {
            String yaml = EscDefinition.apply(def.yaml(), set, delete, describe());
            RestClient.Response r = rest.send("PATCH", envPath(), Map.of("Content-Type", "application/x-yaml",
                    "If-Match", def.etag(), "Accept", "application/json"), yaml, Set.of(200, 204, 409));
            if (r.status() != 409) {
                progress.line("esc: wrote " + set.size() + " value(s), removed " + delete.size() + " in " + describe());
                cached = null;
                return;
            }
            if (attempt > 0) {
                throw new ZerofailException(ExitCode.SERVICE_UNAVAILABLE, describe(), "the environment changed while "
                        + "zerofail was writing it, twice (HTTP 409, ETag conflict); nothing was written",
                        "run the sync again when no one else is editing " + describe());
            }
            // someone saved in between: apply the same edits to their version, once
            progress.line("esc: " + describe() + " changed since it was read (HTTP 409); applying the edits to the new version");
            def = definition();
        }
    }

    private JsonNode json(String body, String what) {
        try {
            return JSON.readTree(body == null ? "" : body);
        } catch (IOException e) {
            throw new ZerofailException(ExitCode.SERVICE_UNAVAILABLE, describe(), "Pulumi ESC's " + what
                    + " answer is not JSON", "try again later");
        }
    }
}
