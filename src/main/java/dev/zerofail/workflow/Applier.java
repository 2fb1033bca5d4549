package dev.zerofail.workflow;

import dev.zerofail.core.AtomicFiles;
import dev.zerofail.core.ExitCode;
import dev.zerofail.core.ZerofailException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.diff.DiffAlgorithm;
import org.eclipse.jgit.diff.DiffFormatter;
import org.eclipse.jgit.diff.EditList;
import org.eclipse.jgit.diff.RawText;
import org.eclipse.jgit.diff.RawTextComparator;
import org.eclipse.jgit.errors.RepositoryNotFoundException;

/** Carries out a {@link ConsolidationPlan} on the working tree, or shows it as a diff. */
public final class Applier {
    private Applier() {
    }

    /**
     * @param written files created or replaced (relative paths)
     * @param moved   archived workflows: where each was and where it goes
     * @param diff    unified diff of every change (dry run and real run alike)
     */
    public record Result(List<String> written, List<Move> moved, String diff) {
        public Result {
            written = List.copyOf(written);
            moved = List.copyOf(moved);
        }
    }

    /** A workflow moved into the archive (relative paths). */
    public record Move(String from, String to) {
    }

    public static Result apply(WorkflowSet set, ConsolidationPlan plan, boolean dryRun, boolean force) {
        Path root = set.root();
        if (!dryRun && !force) {
            requireCleanTree(root);
        }
        List<String> written = new ArrayList<>();
        List<Move> moved = new ArrayList<>();
        StringBuilder diff = new StringBuilder();
        for (Map.Entry<String, String> f : new java.util.TreeMap<>(plan.files()).entrySet()) {
            Path target = root.resolve(f.getKey());
            String old = read(target);
            if (f.getValue().equals(old)) {
                continue;
            }
            diff.append(diff(f.getKey(), old == null ? "" : old, f.getValue(), old == null));
            written.add(f.getKey());
        }
        for (String path : plan.archived()) {
            String to = archivePath(root, path);
            moved.add(new Move(path, to));
            diff.append("rename from ").append(path).append("\nrename to ").append(to).append('\n');
        }
        // every target checked before the first write: a symlink out of the repository stops apply with nothing written
        for (String path : written) {
            AtomicFiles.requireInside(root, root.resolve(path));
        }
        for (String path : plan.archived()) {
            AtomicFiles.requireInside(root, root.resolve(archivePath(root, path)));
        }
        if (!dryRun) {
            for (String path : written) {
                AtomicFiles.write(root, root.resolve(path), plan.files().get(path));
            }
            for (String path : plan.archived()) {
                Path to = root.resolve(archivePath(root, path));
                AtomicFiles.requireInside(root, to);
                try {
                    Files.createDirectories(to.getParent());
                    Files.move(root.resolve(path), to);
                } catch (IOException e) {
                    throw new ZerofailException(ExitCode.USAGE, path, "cannot move to the archive: " + e.getMessage(),
                            "check permissions; the files written so far are listed by git status", e);
                }
            }
        }
        return new Result(written, moved, diff.toString());
    }

    private static String archivePath(Path root, String path) {
        String name = path.substring(path.lastIndexOf('/') + 1);
        String to = ".github/workflows/archive/" + name;
        for (int i = 2; Files.exists(root.resolve(to)); i++) {
            to = ".github/workflows/archive/" + name.replaceFirst("(\\.ya?ml)$", "-" + i + "$1");
        }
        return to;
    }

    private static void requireCleanTree(Path root) {
        try (Git git = Git.open(root.toFile())) {
            if (!git.status().call().isClean()) {
                throw ZerofailException.usage(root.toString(), "the working tree has uncommitted changes",
                        "commit or stash them first so every change apply makes can be reviewed and reverted, or pass --force");
            }
        } catch (RepositoryNotFoundException e) {
            throw ZerofailException.usage(root.toString(), "not a git repository: apply could not be reverted",
                    "run it in a git work tree, or pass --force");
        } catch (IOException | GitAPIException e) {
            throw ZerofailException.usage(root.toString(), "cannot read git status: " + e.getClass().getSimpleName(),
                    "pass --force to apply anyway");
        }
    }

    private static String read(Path p) {
        try {
            return Files.isRegularFile(p) ? Files.readString(p, StandardCharsets.UTF_8) : null;
        } catch (IOException e) {
            return null;
        }
    }

    static String diff(String path, String before, String after, boolean created) {
        RawText a = new RawText(before.getBytes(StandardCharsets.UTF_8));
        RawText b = new RawText(after.getBytes(StandardCharsets.UTF_8));
        EditList edits = DiffAlgorithm.getAlgorithm(DiffAlgorithm.SupportedAlgorithm.HISTOGRAM)
                .diff(RawTextComparator.DEFAULT, a, b);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (DiffFormatter f = new DiffFormatter(out)) {
            f.format(edits, a, b);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return "--- " + (created ? "/dev/null" : "a/" + path) + "\n+++ b/" + path + "\n"
                + out.toString(StandardCharsets.UTF_8);
    }
}
