package dev.zerofail.scan;

import dev.zerofail.core.ZerofailException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.BitSet;
import java.util.TreeSet;
import org.eclipse.jgit.lib.IndexDiff;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.revwalk.filter.RevFilter;
import org.eclipse.jgit.treewalk.FileTreeIterator;
import org.eclipse.jgit.treewalk.TreeWalk;

/**
 * What changed since a ref ({@code scan --since REF} without {@code --history}): the files of the
 * working tree (committed, staged, unstaged and untracked but not ignored) that differ from where
 * this branch left REF (the merge base of REF and HEAD, which is REF itself when HEAD descends from
 * it), as {@code git diff REF...} plus uncommitted work shows them. Only their added or changed lines
 * count; a file that is new since then counts whole. Deleted files are skipped. Git's own status
 * machinery ({@link IndexDiff}) finds them, using the index's file stamps instead of hashing every file.
 */
public final class ChangedSinceSource implements Source {
    private final ScanOptions options;
    private final Suppressions sup;

    public ChangedSinceSource(ScanOptions options, Suppressions sup) {
        this.options = options;
        this.sup = sup;
    }

    @Override
    public void read(Sink sink, Tally tally, Scanner.Progress progress) {
        Path root = options.root().toAbsolutePath().normalize();
        String flag = "--since " + options.since();
        try (Repository repo = GitFiles.repository(root, "--since").build();
                ObjectReader reader = repo.newObjectReader();
                RevWalk walk = new RevWalk(reader)) {
            String prefix = GitFiles.prefix(repo, root);
            RevCommit base = base(repo, walk, flag);
            IndexDiff diff = new IndexDiff(repo, base.getTree(), new FileTreeIterator(repo));
            diff.diff();
            TreeSet<String> paths = new TreeSet<>();
            paths.addAll(diff.getAdded());
            paths.addAll(diff.getChanged());
            paths.addAll(diff.getModified());
            paths.addAll(diff.getUntracked());
            paths.removeAll(diff.getMissing());
            paths.removeAll(diff.getRemoved());
            Path top = repo.getWorkTree().toPath();
            int done = 0;
            for (String path : paths) {
                progress.update(++done, paths.size(), 0, 0);
                if (!path.startsWith(prefix)) {
                    continue;
                }
                String rel = path.substring(prefix.length());
                Path file = top.resolve(path);
                if (GitFiles.excluded(sup, rel) || !Files.isRegularFile(file)) {
                    continue;
                }
                if (GitFiles.binaryName(rel)) {
                    tally.binary();
                    continue;
                }
                byte[] data;
                try {
                    if (Files.size(file) > options.maxFileSize()) {
                        tally.large(rel);
                        continue;
                    }
                    data = Files.readAllBytes(file);
                } catch (IOException | SecurityException e) {
                    tally.unreadable(rel + " (" + e.getClass().getSimpleName() + ")");
                    continue;
                }
                if (GitFiles.looksBinary(data, data.length)) {
                    tally.binary();
                    continue;
                }
                TreeWalk before = TreeWalk.forPath(repo, reader, path, base.getTree());
                ObjectId old = before == null ? null : before.getObjectId(0);
                Fragment.Lines lines = old == null ? null : () -> lines(reader, old, data);
                sink.scan(new Fragment(rel, data, data.length, null, null, lines));
            }
        } catch (IOException e) {
            throw ZerofailException.usage(root.toString(), "cannot compare the work tree with " + options.since() + ": "
                    + e.getMessage(), "check that the repository is not corrupt (git fsck)");
        }
    }

    /** The commit REF names, or where HEAD left it. */
    private RevCommit base(Repository repo, RevWalk walk, String flag) throws IOException {
        ObjectId ref;
        try {
            ref = repo.resolve(options.since() + "^{commit}");
        } catch (org.eclipse.jgit.errors.RevisionSyntaxException | org.eclipse.jgit.errors.AmbiguousObjectException e) {
            ref = null;
        }
        if (ref == null) {
            throw ZerofailException.usage(flag, "unknown git revision",
                    "pass a branch, tag or commit id that exists in this repository (git fetch it first in a shallow CI clone)");
        }
        RevCommit since = walk.parseCommit(ref);
        ObjectId head = repo.resolve("HEAD^{commit}");
        if (head == null) {
            return since;
        }
        walk.setRevFilter(RevFilter.MERGE_BASE);
        walk.markStart(since);
        walk.markStart(walk.parseCommit(head));
        RevCommit mergeBase = walk.next();
        walk.reset();
        walk.setRevFilter(RevFilter.ALL);
        return mergeBase == null ? since : walk.parseCommit(mergeBase);
    }

    private static BitSet lines(ObjectReader reader, ObjectId before, byte[] now) throws IOException {
        return GitFiles.addedLines(reader.open(before).getCachedBytes(Integer.MAX_VALUE), now);
    }
}
