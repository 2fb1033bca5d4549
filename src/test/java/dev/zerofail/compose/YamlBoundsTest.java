package dev.zerofail.compose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.zerofail.core.ConfigNode;
import dev.zerofail.core.Yaml;
import dev.zerofail.core.ZerofailException;
import dev.zerofail.workflow.WorkflowParser;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The three YAML readers (compose files, workflows, zerofail.yaml and manifests) over valid files with a
 * multi-byte character at every offset around the YAML reader's window edges, and over hostile files that
 * must be refused with a reason, quickly. snakeyaml-engine up to 3.0.1 threw IndexOutOfBoundsException
 * when an emoji (a surrogate pair) straddled its 1024-character window.
 */
class YamlBoundsTest {
    static final String COMPOSE = "services:\n  api:\n    image: example/api:1.2 # @\n    environment:\n      NOTE: \"@\"\n";
    static final String WORKFLOW = "on: [push]\njobs:\n  build:\n    runs-on: ubuntu-latest # @\n    steps:\n      - run: echo \"@\"\n";
    static final String MANIFEST = "secrets:\n  manifest:\n    - name: API_TOKEN # @\n      description: \"@\"\n";

    @Test
    void multiByteCharactersAtEveryOffsetAroundTheWindowEdges() throws Exception {
        int parsed = 0;
        for (int edge : new int[] {1024, 2048, 64 * 1024}) {
            int around = edge > 2048 ? 3 : 8;
            for (int at = edge - around; at <= edge + around; at++) {
                for (String ch : List.of("😀", "中文字", "e\u0301", "👩‍👩‍👧")) {
                    for (String doc : List.of(COMPOSE, WORKFLOW, MANIFEST)) {
                        String body = doc.replace("@", ch);
                        for (String text : List.of(padded(at, ch) + body, "\uFEFF" + padded(at, ch) + body,
                                (padded(at, ch) + body).replace("\n", "\r\n"))) {
                            String what = edge + "+" + (at - edge) + " " + ch;
                            if (doc == COMPOSE) {
                                Object root = YamlTree.parse("docker-compose.yml", text).root();
                                assertThat(root).as(what).isInstanceOf(Map.class);
                                assertThat(root.toString()).as(what).contains("NOTE=" + ch);
                            } else if (doc == WORKFLOW) {
                                assertThat(WorkflowParser.parse(".github/workflows/ci.yml", text).jobs()).as(what).hasSize(1);
                            } else {
                                assertThat(ConfigNode.parse("zerofail.yaml", text).get("secrets")).as(what).isPresent();
                            }
                            parsed++;
                        }
                    }
                }
            }
        }
        assertThat(parsed).isEqualTo((17 + 17 + 7) * 4 * 3 * 3);
    }

    /** A comment that puts {@code ch} at character offset {@code at}, on lines of 80 characters. */
    static String padded(int at, String ch) {
        StringBuilder b = new StringBuilder();
        while (b.length() < at) {
            b.append(b.length() % 80 == 0 ? "#" : b.length() % 80 == 79 ? "\n" : "x");
        }
        b.setLength(at);
        if (b.length() == 0 || b.charAt(b.length() - 1) == '\n') {
            b.append("#");
        }
        return b.append(ch).append("\n").toString();
    }

    @Test
    void anAliasBombIsRefusedNotExpanded() {
        StringBuilder b = new StringBuilder("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for (int i = 1; i < 9; i++) {
            b.append("a").append(i).append(": &a").append(i).append(" [").append(("*a" + (i - 1) + ", ").repeat(9))
                    .append("*a").append(i - 1).append("]\n");
        }
        String bomb = b + "services: *a8\n";
        long t0 = System.nanoTime();
        assertThatThrownBy(() -> YamlTree.parse("docker-compose.yml", bomb)).isInstanceOf(ZerofailException.class)
                .hasMessageContaining("aliases expand");
        assertThatThrownBy(() -> ConfigNode.parse("zerofail.yaml", bomb)).hasMessageContaining("aliases expand");
        assertThatThrownBy(() -> WorkflowParser.parse("ci.yml", bomb)).hasMessageContaining("aliases expand");
        assertThat((System.nanoTime() - t0) / 1_000_000).as("ms").isLessThan(5_000);
        // a few shared blocks, as real compose files use them, are fine
        String shared = "x-env: &env {A: 1, B: 2}\nservices:\n" + "  s%d:\n    image: i\n    environment: *env\n".repeat(50)
                .formatted((Object[]) java.util.stream.IntStream.range(0, 50).boxed().toArray(Integer[]::new));
        assertThat(YamlTree.parse("docker-compose.yml", shared).root()).isInstanceOf(Map.class);
    }

    @Test
    void deepNestingAndHugeFilesAreRefusedWithAReason() {
        String flow = "a: " + "[".repeat(50_000) + "]".repeat(50_000) + "\n";
        assertThatThrownBy(() -> YamlTree.parse("docker-compose.yml", flow)).hasMessageContaining("nested too deeply");
        StringBuilder block = new StringBuilder();
        for (int i = 0; i < Yaml.MAX_DEPTH + 5; i++) {
            block.append(" ".repeat(i)).append("k").append(i).append(":\n");
        }
        assertThatThrownBy(() -> ConfigNode.parse("zerofail.yaml", block.toString())).hasMessageContaining("nested too deeply");
        String huge = "x: \"" + "a".repeat(Yaml.MAX_CODE_POINTS + 1) + "\"\n";
        assertThatThrownBy(() -> WorkflowParser.parse("ci.yml", huge)).hasMessageContaining("larger than 1 MB");
        // just under the limit, one long quoted line parses in well under a second (not seconds: the read window)
        String line = "x: \"" + "a".repeat(Yaml.MAX_CODE_POINTS - 100) + "\"\n";
        long t0 = System.nanoTime();
        assertThat(ConfigNode.parse("zerofail.yaml", line).get("x")).isPresent();
        assertThat((System.nanoTime() - t0) / 1_000_000).as("ms").isLessThan(3_000);
    }
}
