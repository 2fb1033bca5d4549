package dev.zerofail.scan;

import dev.zerofail.core.ZerofailException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.BitSet;
import org.eclipse.jgit.dircache.DirCacheIterator;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectLoader;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.treewalk.EmptyTreeIterator;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.eclipse.jgit.treewalk.filter.AndTreeFilter;
import org.eclipse.jgit.treewalk.filter.PathFilter;
import org.eclipse.jgit.treewalk.filter.TreeFilter;

/**
 * What {@code git commit} would record ({@code scan --staged}, the pre-commit hook): every file whose
 * staged blob differs from HEAD, read from the index (not the working tree, which may hold unstaged
 * edits). Only the lines the staged change adds or changes count, as in the diff a reviewer sees: a
 * secret that HEAD already holds is {@code scan}'s business, not this commit's. A file new to HEAD
 * counts whole. The index's cached tree ids let unchanged folders be skipped without reading them.
 */
public final class StagedSource implements Source {
    private final ScanOptions options;
    private final Suppressions sup;

    public StagedSource(ScanOptions options, Suppressions sup) {
        this.options = options;
        this.sup = sup;
    }

    @Override
    public void read(Sink sink, Tally tally, Scanner.Progress progress) {
        Path root = options.root().toAbsolutePath().normalize();
        try (Repository repo = GitFiles.repository(root, "--staged").build();
                ObjectReader reader = repo.newObjectReader();
                TreeWalk tw = new TreeWalk(repo, reader)) {
            String prefix = GitFiles.prefix(repo, root);
            ObjectId head = repo.resolve("HEAD^{tree}");
            if (head == null) {
                tw.addTree(new EmptyTreeIterator()); // before the first commit everything staged is new
            } else {
                tw.addTree(head);
            }
            tw.addTree(new DirCacheIterator(repo.readDirCache()));
            tw.setRecursive(true);
            TreeFilter changed = TreeFilter.ANY_DIFF;
            tw.setFilter(prefix.isEmpty() ? changed
                    : AndTreeFilter.create(PathFilter.create(prefix.substring(0, prefix.length() - 1)), changed));
            while (tw.next()) {
                DirCacheIterator staged = tw.getTree(1, DirCacheIterator.class);
                // deleted, a symlink or submodule, or an unmerged path (a conflicted commit is refused by git anyway)
                if (staged == null || FileMode.REGULAR_FILE != tw.getFileMode(1) && FileMode.EXECUTABLE_FILE != tw.getFileMode(1)
                        || staged.getDirCacheEntry().getStage() != 0) {
                    continue;
                }
                String rel = tw.getPathString().substring(prefix.length());
                if (GitFiles.excluded(sup, rel)) {
                    continue;
                }
                if (GitFiles.binaryName(rel)) {
                    tally.binary();
                    continue;
                }
                ObjectLoader loader = reader.open(tw.getObjectId(1));
                if (loader.getSize() > options.maxFileSize()) {
                    tally.large(rel);
                    continue;
                }
                byte[] data = loader.getCachedBytes(Integer.MAX_VALUE);
                if (GitFiles.looksBinary(data, data.length)) {
                    tally.binary();
                    continue;
                }
                ObjectId before = tw.getRawMode(0) == 0 ? null : tw.getObjectId(0);
                Fragment.Lines lines = before == null ? null : () -> lines(reader, before, data);
                sink.scan(new Fragment(rel, data, data.length, null, null, lines));
            }
        } catch (IOException e) {
            throw ZerofailException.usage(root.toString(), "cannot read the git index: " + e.getMessage(),
                    "check that the repository is not corrupt (git fsck) and no other git command holds index.lock");
        }
    }

    private static BitSet lines(ObjectReader reader, ObjectId before, byte[] now) throws IOException {
        return GitFiles.addedLines(reader.open(before).getCachedBytes(Integer.MAX_VALUE), now);
    }
}
