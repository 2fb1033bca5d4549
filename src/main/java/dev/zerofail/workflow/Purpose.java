package dev.zerofail.workflow;

import java.util.Locale;
import java.util.regex.Pattern;

/** What a workflow is for, judged from its name, file name and what its steps run. */
public enum Purpose {
    DEPLOY, SECURITY, SECRETS, MAINTENANCE, MONITORING, BUILD, QUALITY, OTHER;

    static final Pattern DEPLOY_STEP = Pattern.compile(
            "(?i)\\b(docker\\s+(service\\s+update|stack\\s+deploy)|kubectl\\s+(apply|set\\s+image|rollout)|helm\\s+(upgrade|install)"
                    + "|pulumi\\s+up|terraform\\s+apply|zerofail\\s+deploy|fly\\s+deploy|vercel\\s+deploy|ssh\\s|scp\\s|rsync\\s)");
    static final Pattern DEPLOY_ACTION = Pattern.compile(
            "(?i)^(appleboy/ssh-action|appleboy/scp-action|easingthemes/ssh-deploy|burnett01/rsync-deployments"
                    + "|pulumi/actions|azure/webapps-deploy|aws-actions/amazon-ecs-deploy|google-github-actions/deploy)");

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    static boolean isDeployStep(Workflow.Step s) {
        return s.run() != null && DEPLOY_STEP.matcher(s.run()).find()
                || s.uses() != null && DEPLOY_ACTION.matcher(s.uses()).find()
                || s.name() != null && s.name().toLowerCase(Locale.ROOT).contains("deploy");
    }

    static Purpose of(Workflow w) {
        String words = ((w.name() == null ? "" : w.name()) + " " + w.path().substring(w.path().lastIndexOf('/') + 1))
                .toLowerCase(Locale.ROOT);
        boolean deploySteps = w.jobs().stream().anyMatch(j -> j.environment() != null
                || j.steps().stream().anyMatch(Purpose::isDeployStep));
        String all = words + " " + String.join(" ", w.jobs().stream()
                .flatMap(j -> j.steps().stream()).map(s -> (s.uses() == null ? "" : s.uses()) + " "
                        + (s.run() == null ? "" : s.run())).toList()).toLowerCase(Locale.ROOT);
        if (words.contains("secret") && (all.contains("secrets sync") || all.contains("gh secret set")
                || all.contains("esc env set") || words.contains("sync"))) {
            return SECRETS;
        }
        if (words.matches(".*(deploy|release|rollout|hotfix|promote).*") && deploySteps || deploySteps
                && !words.matches(".*(test|lint|ci|security|scan).*")) {
            return DEPLOY;
        }
        if (all.matches("(?s).*(codeql|trivy|snyk|gitleaks|zizmor|semgrep|security|dependency-review).*")) {
            return SECURITY;
        }
        if (words.contains("secret") || all.contains("gh secret set") || all.contains("esc env set")) {
            return SECRETS;
        }
        if (words.matches(".*(cleanup|clean-up|prune|stale|backup|dependabot|renovate|maintenance).*")) {
            return MAINTENANCE;
        }
        if (words.matches(".*(health|uptime|monitor|smoke|synthetic|nightly-check).*")) {
            return MONITORING;
        }
        if (words.matches(".*(build|image|docker|publish|package).*") || all.contains("build-push-action")) {
            return BUILD;
        }
        if (words.matches(".*(test|lint|ci|check|quality|pr).*") || all.matches("(?s).*(pytest|npm test|go test|mvn|gradle).*")) {
            return QUALITY;
        }
        return OTHER;
    }
}
