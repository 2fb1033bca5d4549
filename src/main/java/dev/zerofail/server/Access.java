package dev.zerofail.server;

/**
 * Who may call a route: the least role a token needs, and the {@code serve.anonymous} entry that
 * opens it to requests without a token (null: never open).
 */
public record Access(Role role, String anonymousKey) {
    public static final Access VIEWER = new Access(Role.VIEWER, null);
    public static final Access DEPLOYER = new Access(Role.DEPLOYER, null);
    public static final Access ADMIN = new Access(Role.ADMIN, null);

    /** A viewer route that {@code serve.anonymous: [key]} opens to scrapers and probes. */
    public static Access anonymousIf(String key) {
        return new Access(Role.VIEWER, key);
    }
}
