package dev.zerofail.deploy;

import dev.zerofail.core.Result;
import java.util.List;

/**
 * The result of {@code zerofail verify} (docs/schemas/verify.schema.json): every gate's verdict on
 * what runs now. {@code service} is the one service asked for, or null for all.
 */
public record VerifyResult(String environment, String service, boolean passed, long failed, List<Inspector.Check> checks)
        implements Result {
    public VerifyResult {
        checks = List.copyOf(checks);
    }

    public static VerifyResult of(String environment, String service, List<Inspector.Check> checks) {
        long failed = checks.stream().filter(c -> !c.passed()).count();
        return new VerifyResult(environment, service, failed == 0, failed, checks);
    }
}
