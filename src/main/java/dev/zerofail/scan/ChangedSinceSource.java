package dev.zerofail.scan;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What changed since a ref ({@code scan --since REF} without {@code --history}): the files of the
 * working tree (committed, staged, unstaged and untracked but not ignored) that differ from where
 * this branch left REF (the merge base of REF and HEAD, which is REF itself when HEAD descends from
 * it), as {@code git diff REF...} plus uncommitted work shows them. Only their added or changed lines
 * count; a file that is new since then counts whole. Deleted files are skipped.
 */
public final class ChangedSinceSource extends GitChangeSource {
    public ChangedSinceSource(ScanOptions options, Suppressions sup) {
        this(options, sup, "git");
    }

    ChangedSinceSource(ScanOptions options, Suppressions sup, String git) {
        super(options, sup, git);
    }

    @Override
    String option() {
        return "--since";
    }

    @Override
    List<Change> changes(GitCli git) {
        String base = base(git);
        List<String> args = new ArrayList<>(List.of("diff"));
        args.addAll(RAW);
        args.addAll(List.of(base, "--"));
        Map<String, String> deleted = new HashMap<>();
        List<Change> changes = new ArrayList<>(parseRaw(git.output(args.toArray(String[]::new)), false, deleted));
        for (String path : GitCli.split(git.output("ls-files", "-z", "--others", "--exclude-standard"))) {
            // untracked now but there before (git rm --cached): compared with what it was
            changes.add(new Change(path, deleted.get(path), null));
        }
        return changes;
    }

    /** The commit REF names, or where HEAD left it. */
    private String base(GitCli git) {
        String ref = options().since();
        String flag = "--since " + ref;
        if (ref.isEmpty() || ref.startsWith("-")) {
            throw unknownRevision(flag);
        }
        GitCli.Output since = git.run("rev-parse", "--verify", "--quiet", ref + "^{commit}");
        if (since.status() != 0) {
            if (!since.err().isBlank() && since.status() != 1 && !since.err().contains("revision")) {
                throw git.failed("rev-parse", since.err().strip());
            }
            throw unknownRevision(flag);
        }
        String commit = new String(since.out(), StandardCharsets.US_ASCII).strip();
        // no merge base (unrelated histories) or no HEAD yet: REF itself
        GitCli.Output mergeBase = git.run("merge-base", commit, "HEAD");
        String base = new String(mergeBase.out(), StandardCharsets.US_ASCII).strip();
        return mergeBase.status() == 0 && !base.isEmpty() ? base : commit;
    }
}
