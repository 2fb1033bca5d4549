package dev.zerofail.compose;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every fixture group through unify: the result must read back to the same services (unify checks
 * that itself and throws otherwise; here we also re-read it independently), be stable from run to
 * run, and never carry a hard-coded credential of the inputs.
 */
class UnifierFixturesTest {
    static final Path FIXTURES = Path.of("src/test/resources/fixtures/compose");
    static final List<String> GOLDEN = List.of("shop-v3", "ops-sprawl");

    static Stream<String> groups() throws IOException {
        try (Stream<Path> s = Files.list(FIXTURES)) {
            return s.filter(p -> Files.isRegularFile(p.resolve("group.properties")))
                    .map(p -> p.getFileName().toString()).sorted().toList().stream();
        }
    }

    static Properties properties(String group) throws IOException {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(FIXTURES.resolve(group).resolve("group.properties"))) {
            p.load(r);
        }
        return p;
    }

    @ParameterizedTest
    @MethodSource("groups")
    void unifyReadsBackToTheMergedServicesAndCarriesNoCredential(String group) throws IOException {
        Properties props = properties(group);
        Path dir = FIXTURES.resolve(group).resolve(props.getProperty("source", ".")).normalize();
        List<Path> files = Arrays.stream(props.getProperty("files").trim().split("\\s+")).map(dir::resolve).toList();
        Path prefer = props.getProperty("prefer") == null ? null : dir.resolve(props.getProperty("prefer"));
        Path out = dir.resolve("docker-compose.zerofail-unified.yml");

        Unifier.Result first = Unifier.unify(files, prefer, out);
        Unifier.Result second = Unifier.unify(files, prefer, out);
        assertThat(second.yaml()).as("deterministic").isEqualTo(first.yaml());

        List<String> expectedServices = Arrays.asList(props.getProperty("services").trim().split("\\s+"));
        assertThat(first.services()).containsExactlyInAnyOrderElementsOf(expectedServices);

        // an independent read of the text: parses, and every service keeps an image Swarm can run
        ComposeProject back = ComposeLoader.load(List.of(out), new ComposeLoader.Options(Map.of(), false, dir), true,
                Map.of(out.toAbsolutePath().normalize(), first.yaml()));
        assertThat(back.services()).containsOnlyKeys(expectedServices.toArray(String[]::new));
        back.services().forEach((name, svc) -> assertThat(ComposeMaps.asMap(svc)).as(name).containsKey("image"));
        back.services().forEach((name, svc) -> assertThat(ComposeMaps.path(ComposeMaps.asMap(svc),
                "deploy.update_config.failure_action")).as(name).isEqualTo("rollback"));

        // the whole text for the groups people read as examples; regenerate after an intended change with
        // mvn test -Dtest=UnifierFixturesTest -Dgolden.update=true
        if (GOLDEN.contains(group)) {
            Path golden = Path.of("src/test/resources/golden/compose-unified-" + group + ".yml");
            String text = first.yaml().replace(FIXTURES.toString() + "/", "");
            if (Boolean.getBoolean("golden.update")) {
                Files.writeString(golden, text);
            }
            assertThat(text).isEqualTo(Files.readString(golden));
        }

        List<String> secrets = new ArrayList<>();
        if (props.getProperty("never-printed") != null) {
            secrets.addAll(Arrays.asList(props.getProperty("never-printed").trim().split("\\s+")));
        }
        String report = first.decisions().toString() + first.parameters();
        for (String s : secrets) {
            assertThat(first.yaml()).as("unified file of " + group).doesNotContain(s);
            assertThat(report).doesNotContain(s);
        }
    }
}
