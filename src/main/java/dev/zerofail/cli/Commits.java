package dev.zerofail.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;

/** The commit a deploy ships: {@code --commit}, else {@code GITHUB_SHA}; its committer time from the repository. */
final class Commits {
    private Commits() {
    }

    /** The SHA given or from the CI; null when neither names one. */
    static String sha(String explicit, Map<String, String> env) {
        String v = explicit != null ? explicit : env.get("GITHUB_SHA");
        if (v == null || v.isBlank()) {
            return null;
        }
        v = v.trim();
        if (!v.matches("[0-9a-fA-F]{7,64}")) {
            throw dev.zerofail.core.ZerofailException.usage(explicit != null ? "--commit" : "GITHUB_SHA",
                    "expected a commit SHA (7 to 64 hex digits), got '" + v + "'", "pass the commit being deployed, "
                            + "for example --commit $(git rev-parse HEAD)");
        }
        return v.toLowerCase(java.util.Locale.ROOT);
    }

    /**
     * The committer time of {@code sha} in the repository at or above {@code root}; null when there is no
     * repository or it lacks the commit (a shallow CI checkout, say): lead time is then left out, not guessed.
     */
    static Instant time(Path root, String sha) {
        if (sha == null) {
            return null;
        }
        FileRepositoryBuilder b = new FileRepositoryBuilder().readEnvironment().findGitDir(root.toFile());
        if (b.getGitDir() == null) {
            return null;
        }
        try (Repository repo = b.build(); RevWalk walk = new RevWalk(repo)) {
            ObjectId id = repo.resolve(sha + "^{commit}");
            if (id == null) {
                return null;
            }
            RevCommit c = walk.parseCommit(id);
            return Instant.ofEpochSecond(c.getCommitTime());
        } catch (IOException | RuntimeException e) {
            return null; // an unreadable repository or an ambiguous short SHA: no lead time for this deploy
        }
    }
}
