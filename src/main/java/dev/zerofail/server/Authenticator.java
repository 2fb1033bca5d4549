package dev.zerofail.server;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Bearer tokens against the configured salted hashes. PBKDF2 is slow on purpose (hundreds of
 * milliseconds at 600,000 iterations), so a token that verified once is remembered by its SHA-256
 * digest for the life of the process: only successes are remembered, so the map holds at most one
 * entry per configured token, and guessing still pays PBKDF2 for every configured hash.
 */
final class Authenticator {
    static final String CHALLENGE = "Bearer realm=\"zerofail\"";
    // RFC 6750 b64token
    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9._~+/-]+=*");
    private final List<ApiToken> tokens;
    private final FailureLimiter limiter;
    private final Map<String, ApiToken> verified = new ConcurrentHashMap<>();

    Authenticator(List<ApiToken> tokens, int failuresPerMinute, Clock clock) {
        this.tokens = List.copyOf(tokens);
        this.limiter = new FailureLimiter(failuresPerMinute, clock);
    }

    /** The token's principal; otherwise a 401 problem, or 429 while the address is over its failure limit. */
    Principal authenticate(String authorization, String address) {
        long retry = limiter.retryAfterSeconds(address);
        if (retry > 0) {
            throw new ProblemException(Problem.of(429, "too-many-failed-logins", "Too many requests",
                    "too many failed authentications from this address; retry after " + retry + " s"),
                    Map.of("Retry-After", Long.toString(retry)));
        }
        if (authorization == null || authorization.isBlank()) {
            throw unauthorized("missing-token", "send Authorization: Bearer TOKEN", "invalid_request");
        }
        String[] parts = authorization.strip().split(" +", 2);
        if (parts.length != 2 || !parts[0].equalsIgnoreCase("Bearer") || !TOKEN.matcher(parts[1]).matches()) {
            limiter.failed(address);
            throw unauthorized("malformed-token", "the Authorization header is not 'Bearer TOKEN'", "invalid_request");
        }
        String token = parts[1];
        String digest = sha256(token);
        ApiToken known = verified.get(digest);
        if (known != null) {
            return new Principal(known.name(), known.role());
        }
        ApiToken match = null;
        for (ApiToken t : tokens) {
            // every hash is tried, so the time taken does not tell which token came close
            if (t.hash().matches(token) && match == null) {
                match = t;
            }
        }
        if (match == null) {
            limiter.failed(address);
            throw unauthorized("invalid-token", "the token is not valid", "invalid_token");
        }
        verified.put(digest, match);
        return new Principal(match.name(), match.role());
    }

    private static ProblemException unauthorized(String kind, String detail, String error) {
        return new ProblemException(Problem.of(401, kind, "Unauthorized", detail),
                Map.of("WWW-Authenticate", CHALLENGE + ", error=\"" + error + "\""));
    }

    private static String sha256(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
