package dev.zerofail.server;

import dev.zerofail.deploy.StatusResult;
import java.time.Instant;

/**
 * An environment's services now (Docker's view plus the last deploys). The CLI gives the real one
 * (zerofail.yaml, the Docker connection); tests give a fake. Throws a ZerofailException with exit 3
 * when Docker or the database does not answer.
 */
public interface StatusSource {
    StatusResult status(String environment);

    /** The status and when it was read; a source that reads on every call read it now. */
    default Snapshot snapshot(String environment, java.time.Clock clock) {
        Instant at = clock.instant();
        return new Snapshot(status(environment), at);
    }

    /** A status and the instant it was read at. */
    record Snapshot(StatusResult result, Instant readAt) {
    }
}
