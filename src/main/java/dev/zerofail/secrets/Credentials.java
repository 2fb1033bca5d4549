package dev.zerofail.secrets;

import dev.zerofail.core.ExitCode;
import dev.zerofail.core.ZerofailException;
import java.util.Map;

/** Store tokens come from environment variables only: never from zerofail.yaml, never from a flag. */
final class Credentials {
    private Credentials() {
    }

    static String token(Map<String, String> env, String store, String... variables) {
        for (String v : variables) {
            String t = env.get(v);
            if (t != null && !t.isBlank()) {
                return t.strip();
            }
        }
        throw new ZerofailException(ExitCode.SERVICE_UNAVAILABLE, "secrets.stores." + store, "no credential for " + store
                + ": " + String.join(" and ", variables) + (variables.length > 1 ? " are" : " is") + " not set",
                "export " + variables[0] + " with a token allowed to read and write its secrets (it is read from the "
                        + "environment only)");
    }
}
