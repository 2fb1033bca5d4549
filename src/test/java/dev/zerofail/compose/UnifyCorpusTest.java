package dev.zerofail.compose;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Unify over the real compose files of ../shared/corpus/compose (one directory per project, beside
 * the repository): every set, and every file of it alone, must unify with the read-back check on.
 * Skipped when the corpus is absent, except under CI (CI=true/1/yes), where its absence is a failure.
 * {@code -Dzerofail.corpus=DIR} points at another copy (a worktree has no ../shared beside it).
 */
class UnifyCorpusTest {
    static Path corpus() {
        return dev.zerofail.TestEnv.sharedCorpus().resolve("compose");
    }

    @Test
    void everyCorpusSetAndEveryFileOfItUnifiesWithTheReadBackCheckOn() throws IOException {
        Path compose = corpus();
        List<Path> sets;
        try (Stream<Path> s = Files.list(compose)) {
            sets = s.filter(Files::isDirectory).sorted().toList();
        }
        assertThat(sets).as("compose sets in the corpus").hasSizeGreaterThanOrEqualTo(10);
        List<String> failures = new ArrayList<>();
        int runs = 0;
        for (Path set : sets) {
            List<Path> files;
            try (Stream<Path> s = Files.list(set)) {
                files = s.filter(p -> p.getFileName().toString().matches(".*\\.ya?ml")).sorted().toList();
            }
            List<List<Path>> inputs = new ArrayList<>();
            inputs.add(files);
            if (files.size() > 1) {
                files.forEach(f -> inputs.add(List.of(f)));
            }
            for (List<Path> in : inputs) {
                runs++;
                try {
                    check(in);
                } catch (RuntimeException | AssertionError e) {
                    failures.add(compose.relativize(in.get(0).getParent()) + " " + in.stream()
                            .map(p -> p.getFileName().toString()).toList() + ": " + e.getMessage());
                }
            }
        }
        assertThat(runs).isGreaterThan(sets.size());
        assertThat(failures).as("unify failures over the corpus").isEmpty();
    }

    private static void check(List<Path> in) {
        Path out = in.get(0).resolveSibling("docker-compose.zerofail-unified.yml");
        // unify throws when its own read-back finds the result means something else
        Unifier.Result r = Unifier.unify(in, null, out);
        ComposeProject merged = ComposeLoader.load(in, new ComposeLoader.Options(Map.of(), false,
                in.get(0).toAbsolutePath().getParent()).asAlternatives(), false);
        assertThat(r.services()).containsExactlyInAnyOrderElementsOf(merged.services().keySet());
        ComposeProject back = ComposeLoader.load(List.of(out), new ComposeLoader.Options(Map.of(), false,
                out.toAbsolutePath().getParent()), true, Map.of(out.toAbsolutePath().normalize(), r.yaml()));
        back.services().forEach((name, svc) -> assertThat(ComposeMaps.path(ComposeMaps.asMap(svc),
                "deploy.update_config.failure_action")).as(name).isEqualTo("rollback"));
    }
}
