package dev.zerofail.history;

/** What a recorded run was asked to do. */
public enum DeployKind { DEPLOY, ROLLBACK, EMERGENCY }
