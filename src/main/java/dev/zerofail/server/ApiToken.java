package dev.zerofail.server;

/** A configured bearer token: its name (what the audit log records), its role and its salted hash. */
public record ApiToken(String name, Role role, TokenHash hash) {
}
