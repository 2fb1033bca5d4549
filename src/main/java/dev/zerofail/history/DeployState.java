package dev.zerofail.history;

/** Where a deploy or rollback ended up; RUNNING until {@link HistoryStore#finish} is called. */
public enum DeployState { RUNNING, SUCCEEDED, ROLLED_BACK, ROLLBACK_FAILED, FAILED_PREFLIGHT, NOOP, INTERRUPTED }
