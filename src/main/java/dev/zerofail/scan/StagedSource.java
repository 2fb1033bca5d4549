package dev.zerofail.scan;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * What {@code git commit} would record ({@code scan --staged}, the pre-commit hook): every file whose
 * staged blob differs from HEAD, read from the index (not the working tree, which may hold unstaged
 * edits), as {@code git diff --cached} lists them (one {@code git diff-index} and one
 * {@code git cat-file --batch} process). Only the lines the staged change adds or changes
 * count: a secret that HEAD already holds is {@code scan}'s business, not this commit's. A file new
 * to HEAD (and everything before the first commit) counts whole; a renamed file is compared with
 * where it came from.
 */
public final class StagedSource extends GitChangeSource {
    public StagedSource(ScanOptions options, Suppressions sup) {
        this(options, sup, "git");
    }

    StagedSource(ScanOptions options, Suppressions sup, String git) {
        super(options, sup, git);
    }

    @Override
    String option() {
        return "--staged";
    }

    @Override
    List<Change> changes(GitCli git) {
        // the plumbing command: porcelain diff outside a repository would fall back to comparing two paths
        GitCli.Output o = git.run(diffIndex("HEAD"));
        if (o.status() == 128 && o.err().contains("bad revision 'HEAD'")) {
            // no commit yet: everything staged is new. The empty tree's id, from git (SHA-1 or SHA-256 repository)
            String empty = new String(git.output("hash-object", "-t", "tree", "--stdin"), StandardCharsets.US_ASCII).strip();
            o = git.run(diffIndex(empty));
        }
        if (o.status() != 0) {
            throw git.failed("diff-index", o.err().strip());
        }
        return parseRaw(o.out(), true, null);
    }

    private static String[] diffIndex(String tree) {
        List<String> args = new ArrayList<>(List.of("diff-index", "--cached"));
        args.addAll(RAW);
        args.addAll(List.of(tree, "--"));
        return args.toArray(String[]::new);
    }
}
