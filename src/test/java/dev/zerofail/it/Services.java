package dev.zerofail.it;

import dev.zerofail.TestEnv;

/**
 * Connection facts for the real services scripts/services starts (docs/testing.md). A missing
 * service skips the test locally and fails it under CI ({@link TestEnv}).
 */
final class Services {
    private Services() {
    }

    static String require(String variable, String what) {
        return TestEnv.requireEnv(variable, what, "run scripts/services, or scripts/test");
    }
}
