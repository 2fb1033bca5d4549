package dev.zerofail.it;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Connection facts for the real services scripts/services starts (docs/testing.md). Locally a
 * missing service skips the test with a message; under CI=true it fails the build.
 */
final class Services {
    private Services() {
    }

    static String require(String variable, String what) {
        String value = System.getenv(variable);
        if (value == null || value.isBlank()) {
            String msg = what + " is not available (" + variable + " unset): run scripts/services, or scripts/test";
            if ("true".equals(System.getenv("CI"))) {
                fail(msg);
            }
            assumeTrue(false, msg);
        }
        return value;
    }
}
