package dev.zerofail.scan;

import dev.zerofail.core.ZerofailException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What {@link StagedSource} and {@link ChangedSinceSource} share: git lists the changed files, each
 * with the blob it had before (or none: a new file); a file's content comes from a staged blob or the
 * working tree, and only the lines the change adds or alters count, as in the diff a reviewer sees.
 * Symbolic links and submodules (gitlinks) are not content and are skipped; so are deletions.
 */
abstract sealed class GitChangeSource implements Source permits StagedSource, ChangedSinceSource {
    /** A changed file: its path relative to the scanned root, its blob before, and its blob now (null: the working tree's file). */
    record Change(String path, String before, String after) {
    }

    static final String NO_BLOB = "0".repeat(40);

    private final ScanOptions options;
    private final Suppressions sup;
    private final String git;

    GitChangeSource(ScanOptions options, Suppressions sup, String git) {
        this.options = options;
        this.sup = sup;
        this.git = git;
    }

    ScanOptions options() {
        return options;
    }

    /** The scan option this source serves ("--staged"), for messages. */
    abstract String option();

    /** The files to scan, as git lists them. */
    abstract List<Change> changes(GitCli git);

    @Override
    public final void read(Sink sink, Tally tally, Scanner.Progress progress) {
        Path root = options.root().toAbsolutePath().normalize();
        GitCli cli = new GitCli(git, root, option());
        List<Change> changes = changes(cli);
        if (changes.isEmpty()) {
            return;
        }
        try (GitCli.Blobs blobs = cli.blobs()) {
            int done = 0;
            for (Change c : changes) {
                progress.update(++done, changes.size(), 0, 0);
                String rel = c.path();
                if (GitFiles.excluded(sup, rel)) {
                    continue;
                }
                if (GitFiles.binaryName(rel)) {
                    tally.binary();
                    continue;
                }
                byte[] data = c.after() != null ? blobs.read(c.after(), options.maxFileSize()) : file(root, rel, tally);
                if (data == null) {
                    if (c.after() != null) {
                        tally.large(rel);
                    }
                    continue;
                }
                if (GitFiles.looksBinary(data, data.length)) {
                    tally.binary();
                    continue;
                }
                String before = c.before();
                // the diff is worked out only when the file has findings; the scanner asks from this thread, while blobs is open
                Fragment.Lines lines = before == null ? null
                        : () -> GitFiles.addedLines(blobs.read(before, Long.MAX_VALUE), data);
                sink.scan(new Fragment(rel, data, data.length, null, null, lines));
            }
        } catch (IOException e) {
            throw cli.failed("cat-file", e.getMessage());
        } catch (java.io.UncheckedIOException e) {
            throw cli.failed("cat-file", e.getCause().getMessage());
        }
    }

    /** A working-tree file's content, or null when it is not a regular file, too large or unreadable (counted). */
    private byte[] file(Path root, String rel, Tally tally) {
        Path file = root.resolve(rel);
        try {
            if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
                return null;
            }
            if (Files.size(file) > options.maxFileSize()) {
                tally.large(rel);
                return null;
            }
            return Files.readAllBytes(file);
        } catch (IOException | SecurityException e) {
            tally.unreadable(rel + " (" + e.getClass().getSimpleName() + ")");
            return null;
        }
    }

    /**
     * Parses {@code git diff --raw -z --no-abbrev}: records {@code :MODE MODE BLOB BLOB STATUS}, then the
     * path (two paths for a rename or copy: from, to). Regular files (and executables) only; a
     * deletion lands in {@code deleted} (path → blob) when that is not null.
     */
    static List<Change> parseRaw(byte[] raw, boolean stagedBlobs, Map<String, String> deleted) {
        List<String> parts = GitCli.split(raw);
        List<Change> out = new ArrayList<>();
        for (int i = 0; i < parts.size(); i++) {
            String[] f = parts.get(i).substring(1).split(" ");
            char status = f[4].charAt(0);
            String path = parts.get(++i);
            if (status == 'R' || status == 'C') {
                path = parts.get(++i);
            }
            if (status == 'D') {
                if (deleted != null && regular(f[0])) {
                    deleted.put(path, f[2]);
                }
                continue;
            }
            if (!regular(f[1]) || status == 'U') {
                continue;
            }
            String before = regular(f[0]) && !f[2].equals(NO_BLOB) ? f[2] : null;
            out.add(new Change(path, before, stagedBlobs ? f[3] : null));
        }
        return out;
    }

    private static boolean regular(String mode) {
        return mode.equals("100644") || mode.equals("100755");
    }

    /** The diff options both sources use: machine-readable, renames followed, paths relative to the scanned folder. */
    static final List<String> RAW = List.of("--raw", "-z", "--no-abbrev", "--find-renames", "--relative",
            "--no-color", "--no-ext-diff", "--ignore-submodules=all");

    static ZerofailException unknownRevision(String flag) {
        return ZerofailException.usage(flag, "unknown git revision",
                "pass a branch, tag or commit id that exists in this repository (git fetch it first in a shallow CI clone)");
    }
}
