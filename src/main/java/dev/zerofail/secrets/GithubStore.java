package dev.zerofail.secrets;

import dev.zerofail.core.Sleeper;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.zerofail.core.ExitCode;
import dev.zerofail.core.ZerofailException;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Base64;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * GitHub Actions secrets of an organisation, a repository or a repository environment. Values are
 * sealed to the scope's public key before they leave this process; GitHub never returns them, so
 * reading gives names only.
 */
public final class GithubStore implements SecretStore {
    static final String[] TOKENS = {"GITHUB_TOKEN", "GH_TOKEN"};
    private static final ObjectMapper JSON = new ObjectMapper();

    public enum Scope { ORG, REPO, ENVIRONMENT }

    private final RestClient rest;
    private final String owner;
    private final String repo;
    private final Scope scope;
    private final String environment;
    private final String visibility;

    public GithubStore(URI url, String owner, String repo, Scope scope, String environment, String visibility,
            Map<String, String> env, Redactor redactor, Sleeper sleeper, Clock clock) {
        String token = Credentials.token(env, "github", TOKENS);
        redactor.add(token);
        this.rest = new RestClient("GitHub", "GITHUB_TOKEN (or GH_TOKEN)", url, Map.of("Authorization", "Bearer " + token,
                "Accept", "application/vnd.github+json", "X-GitHub-Api-Version", "2022-11-28", "User-Agent", "zerofail"),
                sleeper, clock, redactor);
        this.owner = owner;
        this.repo = repo;
        this.scope = scope;
        this.environment = environment;
        this.visibility = visibility == null ? "private" : visibility;
    }

    @Override
    public String kind() {
        return "github";
    }

    @Override
    public String describe() {
        return switch (scope) {
            case ORG -> "GitHub organisation " + owner;
            case REPO -> "GitHub repository " + owner + "/" + repo;
            case ENVIRONMENT -> "GitHub environment " + environment + " of " + owner + "/" + repo;
        } + " at " + rest.host();
    }

    @Override
    public KeyBy keyBy() {
        return KeyBy.NAME;
    }

    @Override
    public boolean readsValues() {
        return false;
    }

    private String secretsPath() {
        return switch (scope) {
            case ORG -> "/orgs/" + enc(owner) + "/actions/secrets";
            case REPO -> "/repos/" + enc(owner) + "/" + enc(repo) + "/actions/secrets";
            case ENVIRONMENT -> "/repos/" + enc(owner) + "/" + enc(repo) + "/environments/" + enc(environment) + "/secrets";
        };
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** Every secret name in the scope (GitHub pages by 100). */
    @Override
    public Map<String, Stored> read(Collection<String> keys) {
        Map<String, Stored> out = new LinkedHashMap<>();
        for (int page = 1; page <= 100; page++) {
            JsonNode body = json(rest.send("GET", secretsPath() + "?per_page=100&page=" + page, Map.of(), null,
                    Set.of(200)).body());
            JsonNode secrets = body.path("secrets");
            for (JsonNode s : secrets) {
                String name = s.path("name").asText();
                out.put(name, new Stored(name, null, null));
            }
            if (secrets.size() < 100 || out.size() >= body.path("total_count").asInt(0)) {
                break;
            }
        }
        return out;
    }

    @Override
    public void write(Map<String, String> set, Set<String> delete, Progress progress) {
        if (!set.isEmpty()) {
            JsonNode key = json(rest.send("GET", secretsPath() + "/public-key", Map.of(), null, Set.of(200)).body());
            String keyId = key.path("key_id").asText("");
            byte[] publicKey;
            try {
                publicKey = Base64.getDecoder().decode(key.path("key").asText(""));
            } catch (IllegalArgumentException e) {
                publicKey = new byte[0];
            }
            if (keyId.isEmpty() || publicKey.length != SealedBox.KEY_BYTES) {
                throw new ZerofailException(ExitCode.SERVICE_UNAVAILABLE, "GET " + secretsPath() + "/public-key",
                        "GitHub returned no usable public key; nothing was written", "try again later");
            }
            for (Map.Entry<String, String> e : set.entrySet()) {
                ObjectNode body = JSON.createObjectNode();
                body.put("encrypted_value", Base64.getEncoder().encodeToString(
                        SealedBox.seal(e.getValue().getBytes(StandardCharsets.UTF_8), publicKey)));
                body.put("key_id", keyId);
                if (scope == Scope.ORG) {
                    body.put("visibility", visibility);
                }
                RestClient.Response r = rest.send("PUT", secretsPath() + "/" + enc(e.getKey()),
                        Map.of("Content-Type", "application/json"), body.toString(), Set.of(201, 204));
                progress.line("github: " + (r.status() == 201 ? "created " : "updated ") + e.getKey() + " in " + describe());
            }
        }
        for (String name : delete) {
            rest.send("DELETE", secretsPath() + "/" + enc(name), Map.of(), null, Set.of(204, 404));
            progress.line("github: removed " + name + " from " + describe());
        }
    }

    private JsonNode json(String body) {
        try {
            return JSON.readTree(body == null ? "" : body);
        } catch (IOException e) {
            throw new ZerofailException(ExitCode.SERVICE_UNAVAILABLE, describe(), "GitHub's answer is not JSON",
                    "try again later");
        }
    }
}
