package dev.zerofail.history;

import java.time.Instant;
import java.util.List;

/** The audit snapshots of the history database (V6), beside the deploy records. */
public interface SnapshotStore {
    /** Stores the snapshot and its checks in one transaction; returns its id. */
    long save(AuditSnapshot snapshot);

    /** Snapshots of one environment recorded in [from, to), oldest first, with their checks. */
    List<AuditSnapshot> between(String environment, Instant from, Instant to);
}
