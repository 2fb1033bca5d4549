package dev.zerofail.history;

/**
 * What a recorded run was asked to do. DRILL is a rollback drill ({@code deploy --drill}): a
 * deliberately failing variant sent to prove detection and rollback; it is never a deployment in any
 * figure and never a spec to roll back to.
 */
public enum DeployKind { DEPLOY, ROLLBACK, EMERGENCY, DRILL }
