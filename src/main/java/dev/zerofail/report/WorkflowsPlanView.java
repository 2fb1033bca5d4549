package dev.zerofail.report;

import dev.zerofail.workflow.Applier;
import dev.zerofail.workflow.ConsolidationPlan;
import dev.zerofail.workflow.PlanResult;
import java.util.ArrayList;
import java.util.List;

/** {@code workflows plan} and {@code workflows apply}: which workflow becomes which, the notes, the figures, what apply did. */
final class WorkflowsPlanView implements ResultView<PlanResult> {
    @Override
    public Class<PlanResult> type() {
        return PlanResult.class;
    }

    @Override
    public void body(PlanResult r, Style style, StringBuilder out) {
        lines(r).forEach(l -> out.append(l).append('\n'));
        out.append('\n');
    }

    @Override
    public void markdown(PlanResult r, StringBuilder out) {
        out.append("```\n");
        lines(r).forEach(l -> out.append(l).append('\n'));
        out.append("```\n\n");
    }

    static List<String> lines(PlanResult plan) {
        List<String> text = new ArrayList<>();
        if (plan.noOp()) {
            text.add("Nothing to do: the workflows are already consolidated.");
        } else {
            plan.targets().forEach((target, from) -> text.add(target + (from.isEmpty() ? "  (new)" : "  ← "
                    + String.join(", ", from))));
            plan.folded().forEach((target, from) -> from.forEach(f -> text.add("fold: " + f + " → jobs of " + target)));
            plan.kept().forEach(k -> text.add("kept as is: " + k));
            plan.compositeActions().forEach(a -> text.add(a.path() + "  ← " + a.steps() + " steps copied in "
                    + String.join(", ", a.from()) + (a.inputs().isEmpty() ? "" : "; secrets become inputs: "
                    + String.join(", ", a.inputs()))));
            plan.archived().forEach(a -> text.add("archive: " + a));
            notes(plan).forEach(n -> text.add("note: " + n));
            ConsolidationPlan.Figures b = plan.before();
            ConsolidationPlan.Figures a = plan.after();
            text.add(String.format("before → after: %s → %s workflows, %s → %s lines, %s → %s duplicated lines, "
                    + "%s → %s findings", b.workflows(), a.workflows(), b.lines(), a.lines(), b.duplicatedLines(),
                    a.duplicatedLines(), b.findings(), a.findings()));
        }
        PlanResult.Applied applied = plan.applied();
        if (applied != null) {
            if (applied.dryRun()) {
                text.add("");
                text.add(applied.diff() == null || applied.diff().isEmpty() ? "(no changes)" : applied.diff().stripTrailing());
            } else {
                applied.written().forEach(w -> text.add("wrote " + w));
                for (Applier.Move m : applied.moved()) {
                    text.add("moved " + m.from() + " → " + m.to());
                }
            }
        }
        return text;
    }

    /** What could not be mapped or stays, each with the reason, in the order the planner meets them. */
    static List<String> notes(PlanResult plan) {
        List<String> notes = new ArrayList<>();
        ConsolidationPlan.ImagePlan images = plan.images();
        if (images != null) {
            images.unmapped().forEach(u -> notes.add(unmapped(u)));
            if (images.defaultImage()) {
                notes.add("no image build found (docker build, buildx, docker/build-push-action, compose build:); the deploy "
                        + "workflows build one image, 'app', from ./Dockerfile: edit the build matrix if that is wrong");
            }
            if (images.registryUnset()) {
                notes.add("no registry found in the workflows: set the repository variables REGISTRY (e.g. ghcr.io/OWNER) "
                        + "and REGISTRY_HOST");
            }
            images.missingLogins().forEach(m -> notes.add("image " + m.image() + " (" + m.ref() + "): no docker/login-action for "
                    + m.host() + " found; the build logs in with secrets REGISTRY_USERNAME and REGISTRY_PASSWORD"));
        }
        for (ConsolidationPlan.Kept k : plan.keptReasons()) {
            notes.add("kept: " + k.path() + ": " + switch (k.reason()) {
                case NO_TRIGGER -> "it declares no trigger";
                case REUSABLE -> "it is a reusable workflow (workflow_call) that other workflows call by its path";
                case NO_JOBS -> "it has no jobs";
                case TRIGGERS_CLASH -> "its triggers (" + String.join(", ", k.triggers()) + ") clash with those of every core workflow";
                case CALLED -> "reusable workflow called by " + k.calledBy() + " (job " + k.job() + ")";
            });
        }
        plan.unreadableProblems().forEach(u -> notes.add("unreadable: " + u.path()
                + ": GitHub cannot parse it, so it never runs (" + u.problem() + ")"));
        return notes;
    }

    private static String unmapped(ConsolidationPlan.Unmapped u) {
        return u.where() + ": " + switch (u.kind()) {
            case NO_CONTEXT -> "docker build without a context could not be mapped";
            case UNRESOLVED_CONTEXT -> "image build from context '" + u.value() + "'"
                    + (u.dockerfile() == null ? "" : " and Dockerfile '" + u.dockerfile() + "'")
                    + " could not be resolved to a directory; it is not in the build matrix";
            case IMAGE_NAME -> "image name '" + u.value() + "' depends on values only that workflow has; "
                    + "pushed as REGISTRY/NAME instead";
            case BUILD_ARG -> "build arg '" + u.value() + "' depends on values only that workflow has; left out";
            case COMPOSE_UNREADABLE -> "not read for build: sections (" + u.value() + ")";
            case COMPOSE_CONTEXT -> "service " + u.service() + " builds from '" + u.value()
                    + "', which is not a directory of this repository";
        };
    }
}
