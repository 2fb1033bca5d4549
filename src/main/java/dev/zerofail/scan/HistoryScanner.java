package dev.zerofail.scan;

import dev.zerofail.core.Finding;
import dev.zerofail.core.ZerofailException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import org.eclipse.jgit.diff.DiffAlgorithm;
import org.eclipse.jgit.diff.Edit;
import org.eclipse.jgit.diff.RawText;
import org.eclipse.jgit.diff.RawTextComparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
 * Scans every commit reachable from HEAD (oldest first) and reports each finding once, with the
 * commit whose diff added it. Each changed blob is scanned once per path.
 */
public final class HistoryScanner {
    private final Detector detector;

    public HistoryScanner(Detector detector) {
        this.detector = detector;
    }

    public Scanner.Result scan(ScanOptions options, Scanner.Progress progress) {
        long t0 = System.nanoTime();
        Path root = options.root().toAbsolutePath().normalize();
        FileRepositoryBuilder builder = new FileRepositoryBuilder().readEnvironment().findGitDir(root.toFile());
        if (builder.getGitDir() == null) {
            throw ZerofailException.usage(root.toString(), "not inside a git repository",
                    "run --history in a git work tree, or scan without --history");
        }
        try (Repository repo = builder.build(); RevWalk walk = new RevWalk(repo)) {
            Path top = repo.getWorkTree().toPath().toAbsolutePath().normalize();
            String prefix = top.equals(root) ? "" : Scanner.rel(top, root) + "/";
            Suppressions sup = Suppressions.load(root, options.excludes());
            ObjectId head = repo.resolve(Constants.HEAD);
            if (head == null) {
                return new Scanner.Result(List.of(), new ScanStats(0, 0, 0, 0, 0, 0, 0, 0, 0), List.of());
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

            Map<String, Finding> firstSeen = new LinkedHashMap<>();
            Map<String, List<Finding>> cache = new HashMap<>();
            long files = 0;
            long bytes = 0;
            long binary = 0;
            long large = 0;
            long nonUtf8 = 0;
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
                        if (sup.excluded(rel, false) || excludedDir(sup, rel)) {
                            continue;
                        }
                        String cacheKey = blob.name() + ":" + rel;
                        List<Finding> found = cache.get(cacheKey);
                        if (found == null) {
                            ObjectLoader loader = repo.open(blob);
                            if (loader.getSize() > options.maxFileSize()) {
                                large++;
                                continue;
                            }
                            byte[] data = loader.getCachedBytes(Integer.MAX_VALUE);
                            if (looksBinary(data)) {
                                binary++;
                                continue;
                            }
                            Detector.FileResult r = detector.detect(rel, data, data.length);
                            found = r.findings();
                            nonUtf8 += r.nonUtf8() ? 1 : 0;
                            files++;
                            bytes += data.length;
                            cache.put(cacheKey, found);
                        }
                        BitSet added = tw.getTreeCount() == 2 ? addedLines(repo, tw.getObjectId(0), blob) : null;
                        for (Finding f : found) {
                            if (added != null && !added.get(f.location().line())) {
                                continue;
                            }
                            if (!sup.ignored(f)) {
                                firstSeen.putIfAbsent(f.fingerprint(), f.withCommit(c.name()));
                            }
                        }
                    }
                }
                progress.update(++done, commits.size(), 0, 0);
            }
            List<Finding> out = new ArrayList<>(firstSeen.values());
            out.sort(Scanner.ORDER);
            return new Scanner.Result(out, new ScanStats(files, bytes, binary, large, 0, 0, nonUtf8, commits.size(),
                    (System.nanoTime() - t0) / 1_000_000), List.of());
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
        RawText a = new RawText(repo.open(oldBlob).getCachedBytes(Integer.MAX_VALUE));
        RawText b = new RawText(repo.open(newBlob).getCachedBytes(Integer.MAX_VALUE));
        BitSet added = new BitSet();
        for (Edit e : DiffAlgorithm.getAlgorithm(DiffAlgorithm.SupportedAlgorithm.HISTOGRAM)
                .diff(RawTextComparator.DEFAULT, a, b)) {
            added.set(e.getBeginB() + 1, e.getEndB() + 1);
        }
        return added;
    }

    private static boolean excludedDir(Suppressions sup, String rel) {
        int slash = rel.indexOf('/');
        while (slash > 0) {
            if (sup.excluded(rel.substring(0, slash), true)) {
                return true;
            }
            slash = rel.indexOf('/', slash + 1);
        }
        return false;
    }

    private static boolean looksBinary(byte[] data) {
        int n = Math.min(data.length, 8000);
        for (int i = 0; i < n; i++) {
            if (data[i] == 0) {
                return true;
            }
        }
        return false;
    }
}
