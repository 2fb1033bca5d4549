package dev.zerofail.workflow;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What {@code workflows plan} proposes and {@code workflows apply} carries out.
 *
 * @param targets      core workflow file (relative path) → the existing workflows it replaces
 * @param kept         active workflows left as they are (nothing in the core set does their job)
 * @param archived     existing workflows moved under .github/workflows/archive/
 * @param actions      composite actions to write, from step sequences copied across files
 * @param files        every file to write: relative path → content
 * @param services     images built and deployed, name → build context
 * @param before       figures of the current set
 * @param after        the same figures for the set after apply, measured on the generated files
 * @param unreadable   active workflows GitHub cannot parse: archived (also listed in archived)
 * @param folded       core workflow file → workflows with no core purpose whose jobs it now carries (also archived)
 * @param keptReasons  why each kept workflow stays
 * @param unreadableProblems what the parser said about each unreadable workflow
 * @param images       how the images of the generated build were found, and what could not be mapped
 */
public record ConsolidationPlan(Map<String, List<String>> targets, List<String> kept, List<String> archived,
        List<CompositeAction> actions, Map<String, String> files, Map<String, String> services,
        Figures before, Figures after, List<String> unreadable, Map<String, List<String>> folded,
        List<Kept> keptReasons, List<Unreadable> unreadableProblems, ImagePlan images) {

    public ConsolidationPlan {
        targets = Collections.unmodifiableMap(new LinkedHashMap<>(targets));
        kept = List.copyOf(kept);
        archived = List.copyOf(archived);
        actions = List.copyOf(actions);
        files = Collections.unmodifiableMap(new TreeMap<>(files));
        services = Collections.unmodifiableMap(new TreeMap<>(services));
        unreadable = List.copyOf(unreadable);
        folded = Collections.unmodifiableMap(new LinkedHashMap<>(folded));
        keptReasons = List.copyOf(keptReasons);
        unreadableProblems = List.copyOf(unreadableProblems);
    }

    /** True when the repository already has the consolidated set: apply would change nothing. */
    public boolean isNoOp() {
        return archived.isEmpty() && files.isEmpty();
    }

    /**
     * @param name    folder name under .github/actions/
     * @param from    where the copied steps were found (path:line)
     * @param inputs  secrets the steps used, now inputs (composite actions cannot read secrets)
     */
    public record CompositeAction(String name, String path, List<String> from, List<String> inputs, int steps) {
        public CompositeAction {
            from = List.copyOf(from);
            inputs = List.copyOf(inputs);
        }
    }

    /** Figures of a workflow set, as workflows analyze measures them. */
    public record Figures(int workflows, int lines, int duplicatedLines, int findings, Map<String, Long> byRule) {
        public Figures {
            byRule = Collections.unmodifiableMap(new TreeMap<>(byRule));
        }

        static Figures of(WorkflowAnalysis a) {
            return new Figures(a.workflows(), a.lines(), a.duplicatedLines(), a.findings(), a.byRule());
        }
    }

    /** Why a workflow stays where it is. */
    public enum KeptReason {
        /** it declares no trigger */
        NO_TRIGGER,
        /** it is a reusable workflow (workflow_call) that other workflows call by its path */
        REUSABLE,
        /** it has no jobs */
        NO_JOBS,
        /** its triggers clash with those of every core workflow */
        TRIGGERS_CLASH,
        /** a kept or folded workflow calls it ({@code calledBy}, {@code job}) */
        CALLED
    }

    /**
     * @param triggers its events (with {@link KeptReason#TRIGGERS_CLASH})
     * @param calledBy the workflow that calls it (with {@link KeptReason#CALLED})
     * @param job      the calling job's id (with {@link KeptReason#CALLED})
     */
    public record Kept(String path, KeptReason reason, List<String> triggers, String calledBy, String job) {
        public Kept {
            triggers = triggers == null ? null : List.copyOf(triggers);
        }
    }

    /** An active workflow GitHub cannot parse, so it never runs; archived. */
    public record Unreadable(String path, String problem) {
    }

    /**
     * The images the generated workflows build.
     *
     * @param registry      where they are pushed: a registry path found in the workflows, or ${{ vars.REGISTRY }}
     * @param registryUnset true when the repository variables REGISTRY (e.g. ghcr.io/OWNER) and REGISTRY_HOST must be set
     * @param defaultImage  true when no image build was found: one image, 'app', is built from ./Dockerfile
     * @param unmapped      image builds that could not be carried over
     * @param missingLogins images whose registry has no docker/login-action in the workflows (the build logs in
     *                      with the secrets REGISTRY_USERNAME and REGISTRY_PASSWORD)
     */
    public record ImagePlan(String registry, boolean registryUnset, boolean defaultImage, List<Unmapped> unmapped,
            List<MissingLogin> missingLogins) {
        public ImagePlan {
            unmapped = List.copyOf(unmapped);
            missingLogins = List.copyOf(missingLogins);
        }
    }

    /** What kind of image build could not be carried into the build matrix. */
    public enum UnmappedKind {
        /** docker build without a context */
        NO_CONTEXT,
        /** a context (or Dockerfile) that is not a directory of the repository: an expression, a URL, stdin */
        UNRESOLVED_CONTEXT,
        /** a pushed image name built from values only that workflow has: pushed as REGISTRY/NAME instead */
        IMAGE_NAME,
        /** a build arg built from values only that workflow has: left out */
        BUILD_ARG,
        /** a compose file whose build: sections could not be read */
        COMPOSE_UNREADABLE,
        /** a compose service that builds from outside the repository */
        COMPOSE_CONTEXT
    }

    /**
     * @param where      path:line of the workflow step, or the compose file's name
     * @param value      the context, image name, build arg or (COMPOSE_UNREADABLE) the error's type
     * @param dockerfile the Dockerfile given with an unresolved context, or null
     * @param service    the compose service (COMPOSE_CONTEXT), or null
     */
    public record Unmapped(String where, UnmappedKind kind, String value, String dockerfile, String service) {
    }

    /** @param ref the image reference pushed; @param host its registry host */
    public record MissingLogin(String image, String ref, String host) {
    }
}
