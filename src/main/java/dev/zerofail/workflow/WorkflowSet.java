package dev.zerofail.workflow;

import dev.zerofail.core.ZerofailException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Every workflow under {@code .github/workflows/} (archived ones included, flagged) and every
 * composite action under {@code .github/actions/NAME/action.yml}, with the files that could not be
 * read as such.
 */
public record WorkflowSet(Path root, List<Workflow> workflows, List<Failure> failures) {
    public WorkflowSet {
        workflows = List.copyOf(workflows);
        failures = List.copyOf(failures);
    }

    /** A file that is not a readable workflow: reported as a finding, never a crash. */
    public record Failure(String path, int line, String problem) {
        /** In a subdirectory of .github/workflows/: GitHub never runs it, so it blocks nothing. */
        public boolean archived() {
            return WorkflowParser.isArchived(path);
        }
    }

    /** Unreadable files GitHub would try to run (top-level workflows and composite actions). */
    public List<Failure> activeFailures() {
        return failures.stream().filter(f -> !f.archived()).toList();
    }

    public static WorkflowSet load(Path root) {
        if (!Files.isDirectory(root)) {
            throw ZerofailException.usage(root.toString(), "not a directory", "pass the repository root");
        }
        List<Workflow> out = new ArrayList<>();
        List<Failure> failures = new ArrayList<>();
        for (Path file : files(root)) {
            String rel = root.relativize(file).toString().replace('\\', '/');
            try {
                out.add(WorkflowParser.parse(file, rel));
            } catch (WorkflowParser.ParseError e) {
                failures.add(new Failure(rel, e.line(), e.getMessage()));
            }
        }
        return new WorkflowSet(root, out, failures);
    }

    /** Active workflows: not archived, not composite actions. */
    public List<Workflow> active() {
        return workflows.stream().filter(w -> !w.archived() && !w.composite()).toList();
    }

    static List<Path> files(Path root) {
        List<Path> out = new ArrayList<>();
        Path wf = root.resolve(".github/workflows");
        Path actions = root.resolve(".github/actions");
        try {
            if (Files.isDirectory(wf)) {
                try (Stream<Path> s = Files.walk(wf)) {
                    s.filter(Files::isRegularFile).filter(p -> p.toString().endsWith(".yml") || p.toString().endsWith(".yaml"))
                            .sorted().forEach(out::add);
                }
            }
            if (Files.isDirectory(actions)) {
                try (Stream<Path> s = Files.walk(actions, 2)) {
                    s.filter(Files::isRegularFile).filter(p -> p.getFileName().toString().matches("action\\.ya?ml"))
                            .sorted().forEach(out::add);
                }
            }
        } catch (IOException e) {
            throw ZerofailException.usage(root.toString(), "cannot list workflows: " + e.getClass().getSimpleName(),
                    "check permissions");
        }
        return out;
    }
}
