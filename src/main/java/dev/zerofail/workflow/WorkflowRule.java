package dev.zerofail.workflow;

import dev.zerofail.core.Severity;

/** The checks of {@code zerofail workflows analyze}: id, how bad, and the concrete fix. */
public enum WorkflowRule {
    PARSE_ERROR("workflow-parse-error", Severity.HIGH, "file is not a readable workflow",
            "fix the YAML (GitHub ignores or rejects this file), or move it out of .github/workflows"),
    ARCHIVED_PARSE_ERROR("archived-workflow-parse-error", Severity.LOW,
            "archived workflow (in a subdirectory GitHub never runs) is not readable",
            "delete it, or fix it if it may be restored; it blocks nothing"),
    TEMPLATE_INJECTION("template-injection", Severity.HIGH,
            "a value someone else controls (${{ github.event.* }}, ${{ github.head_ref }}, ${{ inputs.* }}) is pasted into a run: script",
            "pass it through env: (env: {TITLE: ${{ github.event.pull_request.title }}}) and use \"$TITLE\" in the script"),
    COMPETING_DEPLOYS("overlap-competing-deploys", Severity.HIGH, "several workflows deploy the same target on the same trigger",
            "keep one deploy workflow per environment (zerofail workflows plan) with a concurrency group"),
    DUPLICATE_STEPS("overlap-duplicate-steps", Severity.LOW, "the same step sequence is copied in several workflows",
            "move the sequence into a composite action under .github/actions/ and call it from each workflow"),
    MASK_OR_TRUE("mask-or-true", Severity.HIGH, "a failing command is turned into success (|| true, || echo, || exit 0, exit 0 after a failed check)",
            "let the command fail; if a failure is really acceptable, test for that case explicitly"),
    MASK_SET_E("mask-set-e", Severity.HIGH, "set +e lets the script carry on after a failed command",
            "remove set +e (GitHub runs bash with -e); handle the one expected failure explicitly"),
    MASK_CONTINUE_ON_ERROR("mask-continue-on-error", Severity.HIGH, "continue-on-error hides a failed step or job",
            "remove continue-on-error; a red run is the signal that saves the next deploy"),
    MASK_ALWAYS_DEPLOY("mask-always-deploy", Severity.HIGH, "a deploy step runs with if: always(), even after failed tests",
            "use if: success() (the default) so a failed check stops the deploy"),
    MANUAL_SSH("manual-ssh", Severity.HIGH, "deploy by hand over SSH (ssh, scp, rsync, sshpass or an SSH action)",
            "deploy with zerofail deploy (Docker Swarm API, health-gated, automatic rollback)"),
    MANUAL_KUBECTL_EXEC("manual-kubectl-exec", Severity.MEDIUM, "kubectl exec changes a running container by hand",
            "ship the change in the image or a job, and deploy it"),
    HARDCODED_HOST("hardcoded-host", Severity.MEDIUM, "hard-coded IP address or host in a workflow",
            "put the address in environment configuration (zerofail.yaml environments) or a variable"),
    SECRET_EXPOSED("secret-exposed", Severity.HIGH, "a secret is echoed to the log or written to a file",
            "pass the secret as an env variable to the one command that needs it; never echo or write it"),
    UNPINNED_ACTION("unpinned-action", Severity.MEDIUM, "action not pinned to a full commit SHA",
            "pin to the 40-character commit SHA, with the tag in a comment (uses: owner/repo@<sha> # v4)"),
    NO_CONCURRENCY("no-concurrency", Severity.HIGH, "deploy workflow without a concurrency group: two runs can deploy at once",
            "add concurrency: {group: deploy-<environment>, cancel-in-progress: false}"),
    NO_TIMEOUT("no-timeout", Severity.LOW, "job without timeout-minutes (a hung job burns up to 6 hours)",
            "set timeout-minutes on every job"),
    PERMISSIONS_MISSING("permissions-missing", Severity.MEDIUM, "no permissions block: the token gets the repository default",
            "add a top-level permissions: {contents: read} and grant more per job only where needed"),
    PERMISSIONS_WRITE_ALL("permissions-write-all", Severity.HIGH, "permissions: write-all gives every step full write access",
            "grant only the scopes the job needs"),
    FLOATING_VERSION("floating-tool-version", Severity.MEDIUM, "tool version floats (latest, *, stable)",
            "pin the tool version so a release upstream cannot break the deploy");

    private final String id;
    private final Severity severity;
    private final String title;
    private final String fix;

    WorkflowRule(String id, Severity severity, String title, String fix) {
        this.id = id;
        this.severity = severity;
        this.title = title;
        this.fix = fix;
    }

    public String id() {
        return id;
    }

    public Severity severity() {
        return severity;
    }

    public String title() {
        return title;
    }

    public String fix() {
        return fix;
    }

    public static java.util.Optional<WorkflowRule> byId(String id) {
        return java.util.Arrays.stream(values()).filter(r -> r.id.equals(id)).findFirst();
    }

    /** Rules that hide failures: the audit counts them together. */
    public boolean masksFailure() {
        return this == MASK_OR_TRUE || this == MASK_SET_E || this == MASK_CONTINUE_ON_ERROR || this == MASK_ALWAYS_DEPLOY;
    }

    public boolean manualOperation() {
        return this == MANUAL_SSH || this == MANUAL_KUBECTL_EXEC || this == HARDCODED_HOST;
    }
}
