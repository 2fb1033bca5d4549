package dev.zerofail.server;

/** Who made a request: the configured token's name and role (never the token). */
public record Principal(String name, Role role) {
}
