package dev.zerofail.history;

import java.time.Instant;

/**
 * One state-changing request to {@code zerofail serve}, as the audit log keeps it. {@code tokenName}
 * and {@code role} are null for an anonymous request; {@code summary} never holds a secret value
 * (the server writes it from the request's validated fields, masked by the store as well).
 */
public record ApiAudit(long id, String tokenName, String role, String method, String path, String summary, int status,
        Instant at) {
}
