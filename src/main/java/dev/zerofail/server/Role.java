package dev.zerofail.server;

import java.util.Locale;

/** What a token may do; each role includes the ones before it (viewer < deployer < admin). */
public enum Role {
    VIEWER, DEPLOYER, ADMIN;

    public boolean includes(Role needed) {
        return compareTo(needed) >= 0;
    }

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Null when the word is not a role. */
    public static Role parse(String word) {
        for (Role r : values()) {
            if (r.id().equals(word)) {
                return r;
            }
        }
        return null;
    }
}
