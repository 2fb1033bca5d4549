package dev.zerofail.scan;

import dev.zerofail.core.ZerofailException;
import java.nio.file.Path;
import java.util.BitSet;
import java.util.Locale;
import org.eclipse.jgit.diff.DiffAlgorithm;
import org.eclipse.jgit.diff.Edit;
import org.eclipse.jgit.diff.RawText;
import org.eclipse.jgit.diff.RawTextComparator;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;

/** What the git sources share: finding the repository, the scanned root inside it, and diffs. */
final class GitFiles {
    private static final int BINARY_SNIFF = 8000;

    private GitFiles() {
    }

    /** Opens the repository around {@code root}; a usage error naming the root and the option when there is none. */
    static FileRepositoryBuilder repository(Path root, String option) {
        FileRepositoryBuilder builder = new FileRepositoryBuilder().readEnvironment().findGitDir(root.toFile());
        if (builder.getGitDir() == null) {
            throw ZerofailException.usage(root.toString(), "not inside a git repository (" + option + " reads git)",
                    "run " + option + " in a git work tree, or scan without it");
        }
        return builder;
    }

    /**
     * Where {@code root} sits in the work tree, as a path prefix ending in '/', or "" at the top:
     * git paths are relative to the work tree, findings to the scanned root.
     */
    static String prefix(Repository repo, Path root) {
        Path top = repo.getWorkTree().toPath().toAbsolutePath().normalize();
        return top.equals(root) ? "" : Scanner.rel(top, root) + "/";
    }

    /** Whether {@code rel} or one of its folders is excluded. */
    static boolean excluded(Suppressions sup, String rel) {
        if (sup.excluded(rel, false)) {
            return true;
        }
        int slash = rel.indexOf('/');
        while (slash > 0) {
            if (sup.excluded(rel.substring(0, slash), true)) {
                return true;
            }
            slash = rel.indexOf('/', slash + 1);
        }
        return false;
    }

    /** Lines (1-based) of {@code now} that are added or changed against {@code old}. */
    static BitSet addedLines(byte[] old, byte[] now) {
        RawText a = new RawText(old);
        RawText b = new RawText(now);
        BitSet added = new BitSet();
        for (Edit e : DiffAlgorithm.getAlgorithm(DiffAlgorithm.SupportedAlgorithm.HISTOGRAM)
                .diff(RawTextComparator.DEFAULT, a, b)) {
            added.set(e.getBeginB() + 1, e.getEndB() + 1);
        }
        return added;
    }

    static boolean looksBinary(byte[] data, int length) {
        int n = Math.min(length, BINARY_SNIFF);
        for (int i = 0; i < n; i++) {
            if (data[i] == 0) {
                return true;
            }
        }
        return false;
    }

    /** A name whose extension is never text worth scanning (the working tree's list). */
    static boolean binaryName(String rel) {
        String name = rel.substring(rel.lastIndexOf('/') + 1).toLowerCase(Locale.ROOT);
        int dot = name.lastIndexOf('.');
        return dot >= 0 && WorkingTreeSource.BINARY_EXT.contains(name.substring(dot + 1));
    }
}
