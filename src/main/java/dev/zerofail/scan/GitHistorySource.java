package dev.zerofail.scan;

import dev.zerofail.core.ZerofailException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import org.eclipse.jgit.errors.RepositoryNotFoundException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectLoader;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevSort;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.eclipse.jgit.treewalk.filter.TreeFilter;

/**
 * Every commit reachable from HEAD (after {@code --since}), oldest first: each file a commit changed
 * against its first parent is a fragment, with the commit and the lines its diff added (a finding
 * belongs to the commit that added it, as a reviewer saw it). A blob is judged once per path; the
 * scanner reuses its findings when the blob comes back. One thread, in commit order.
 */
public final class GitHistorySource implements Source {
    private final ScanOptions options;
    private final Suppressions sup;

    public GitHistorySource(ScanOptions options, Suppressions sup) {
        this.options = options;
        this.sup = sup;
    }

    @Override
    public boolean firstOccurrenceOnly() {
        return true;
    }

    /** Opens the repository around {@code root}; a usage error when there is none. */
    static FileRepositoryBuilder repository(Path root) {
        return GitFiles.repository(root, "--history");
    }

    @Override
    public void read(Sink sink, Tally tally, Scanner.Progress progress) {
        Path root = options.root().toAbsolutePath().normalize();
        FileRepositoryBuilder builder = repository(root);
        try (Repository repo = builder.build(); RevWalk walk = new RevWalk(repo)) {
            Path top = repo.getWorkTree().toPath().toAbsolutePath().normalize();
            String prefix = top.equals(root) ? "" : Scanner.rel(top, root) + "/";
            ObjectId head = repo.resolve(Constants.HEAD);
            if (head == null) {
                return;
            }
            walk.markStart(walk.parseCommit(head));
            if (options.since() != null) {
                ObjectId since = repo.resolve(options.since());
                if (since == null) {
                    throw ZerofailException.usage("--since " + options.since(), "unknown git revision",
                            "pass a branch, tag or commit id that exists in this repository");
                }
                walk.markUninteresting(walk.parseCommit(since));
            }
            walk.sort(RevSort.TOPO, true);
            walk.sort(RevSort.REVERSE, true);
            List<RevCommit> commits = new ArrayList<>();
            walk.forEach(commits::add);
            tally.commits(commits.size());
            int done = 0;
            for (RevCommit c : commits) {
                try (TreeWalk tw = new TreeWalk(repo)) {
                    tw.setRecursive(true);
                    if (c.getParentCount() == 0) {
                        tw.addTree(c.getTree());
                    } else {
                        tw.addTree(walk.parseCommit(c.getParent(0)).getTree());
                        tw.addTree(c.getTree());
                        tw.setFilter(TreeFilter.ANY_DIFF);
                    }
                    int last = tw.getTreeCount() - 1;
                    while (tw.next()) {
                        ObjectId blob = tw.getObjectId(last);
                        String path = tw.getPathString();
                        if (blob.equals(ObjectId.zeroId()) || !path.startsWith(prefix)
                                || (tw.getFileMode(last).getBits() & 0170000) != 0100000) {
                            continue;
                        }
                        String rel = path.substring(prefix.length());
                        if (GitFiles.excluded(sup, rel)) {
                            continue;
                        }
                        String cacheKey = blob.name() + ":" + rel;
                        byte[] data = null;
                        if (!sink.known(cacheKey)) {
                            ObjectLoader loader = repo.open(blob);
                            if (loader.getSize() > options.maxFileSize()) {
                                tally.largeUnnamed.incrementAndGet();
                                continue;
                            }
                            data = loader.getCachedBytes(Integer.MAX_VALUE);
                            if (GitFiles.looksBinary(data, data.length)) {
                                tally.binary();
                                continue;
                            }
                        }
                        ObjectId parentBlob = tw.getTreeCount() == 2 ? tw.getObjectId(0) : null;
                        Fragment.Lines added = parentBlob == null ? null : () -> addedLines(repo, parentBlob, blob);
                        sink.scan(new Fragment(rel, data, data == null ? 0 : data.length, c.name(), cacheKey, added));
                    }
                }
                progress.update(++done, commits.size(), 0, 0);
            }
        } catch (RepositoryNotFoundException e) {
            throw ZerofailException.usage(root.toString(), "not a git repository", "scan without --history");
        } catch (IOException e) {
            throw ZerofailException.usage(root.toString(), "cannot read git history: " + e.getMessage(),
                    "check that the repository is not corrupt (git fsck)");
        }
    }

    /**
     * Lines (1-based) of the new blob that this commit added or changed; null when the file is new.
     * A finding is attributed to the commit whose diff adds it, as a reviewer would see it.
     */
    private static BitSet addedLines(Repository repo, ObjectId oldBlob, ObjectId newBlob) throws IOException {
        if (oldBlob.equals(ObjectId.zeroId())) {
            return null;
        }
        return GitFiles.addedLines(repo.open(oldBlob).getCachedBytes(Integer.MAX_VALUE),
                repo.open(newBlob).getCachedBytes(Integer.MAX_VALUE));
    }
}
