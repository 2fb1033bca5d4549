package dev.zerofail.runs.cause;

/**
 * Why a CI job failed, in the few kinds a team can act on. Each names the zerofail command that
 * finds or removes that kind of cause, when there is one.
 */
public enum Cause {
    /** Cloud or IaC credentials refused or expired: Pulumi "unauthorized", expired AWS tokens, OIDC. */
    CLOUD_AUTH("check the cloud credentials in the secret manifest: `zerofail secrets verify`"),
    /** A secret the job needs is missing, empty or still a placeholder. */
    SECRET("`zerofail secrets check` (a secret referenced but not set); `zerofail scan` (placeholder values)"),
    /** Container registry login, push or pull denied, or rate-limited. */
    REGISTRY("`zerofail secrets check` for the registry credentials; pin and mirror images (`zerofail compose unify`)"),
    /** An SSH connection, key or host-key failure (a manual deploy step). */
    SSH("`zerofail workflows analyze`: its manual-ssh findings; deploy with `zerofail deploy` instead"),
    /** A deploy's health check failed or it rolled back. */
    DEPLOY_HEALTH("`zerofail deploy` health gates and `zerofail status`; `zerofail history` for the rolled-back release"),
    /** Installing dependencies failed (package manager resolution, network, lockfile). */
    DEPENDENCY_INSTALL(null),
    /** The project's tests failed. */
    TEST_FAILURE(null),
    /** A linter, formatter or type checker failed. */
    LINT(null),
    /** The job or a step ran into its time limit. */
    TIMEOUT(null),
    /** The runner or its machine failed: disk full, lost runner, out of memory (137), startup failure. */
    RUNNER(null),
    /** Cancelled, usually by a newer run of the same concurrency group. */
    CANCELLED("`zerofail workflows analyze`: overlapping triggers and concurrency groups"),
    /** No rule had evidence for a cause. */
    UNKNOWN(null);

    private final String fix;

    Cause(String fix) {
        this.fix = fix;
    }

    /** The zerofail command that addresses this cause, or null when the fix lies outside zerofail. */
    public String fix() {
        return fix;
    }
}
