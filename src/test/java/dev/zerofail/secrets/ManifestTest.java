package dev.zerofail.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.zerofail.core.ExitCode;
import dev.zerofail.core.ZerofailConfig;
import dev.zerofail.core.ZerofailException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ManifestTest {
    @TempDir
    Path dir;

    private Manifest load(String yaml) throws IOException {
        Files.writeString(dir.resolve("zerofail.yaml"), yaml);
        return Manifest.load(ZerofailConfig.load(dir, null), dir);
    }

    private ZerofailException error(String yaml) {
        Throwable t = org.assertj.core.api.Assertions.catchThrowable(() -> load(yaml));
        assertThat(t).isInstanceOf(ZerofailException.class);
        ZerofailException e = (ZerofailException) t;
        assertThat(e.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(e.where()).startsWith(dir.resolve("zerofail.yaml").toString() + ":");
        return e;
    }

    @Test
    void fullEntryAndDefaults() throws IOException {
        Manifest m = load("""
                secrets:
                  manifest:
                    - name: OPENAI_API_KEY
                      path: acme.ai.openai_api_key
                      env: OPENAI_KEY
                      category: ai
                      description: OpenAI key used by the API and the worker
                      required: [staging, prod]
                      sensitive: true
                      format: openai
                      regex: '^sk-'
                      services: [api, worker]
                    - name: DB_PASSWORD_FILE
                  source: { env-prefix: SECRET_, dotenv: .env }
                  stores:
                    swarm: { prefix: acme_ }
                """);
        assertThat(m.file()).contains(dir.resolve("zerofail.yaml"));
        SecretSpec ai = m.byName("OPENAI_API_KEY").orElseThrow();
        assertThat(ai.path()).isEqualTo("acme.ai.openai_api_key");
        assertThat(ai.env()).isEqualTo("OPENAI_KEY");
        assertThat(ai.category()).isEqualTo("ai");
        assertThat(ai.requiredIn()).containsExactly("staging", "prod");
        assertThat(ai.requiredIn("prod")).isTrue();
        assertThat(ai.requiredIn("dev")).isFalse();
        assertThat(ai.requiredIn(null)).isTrue();
        assertThat(ai.format()).isEqualTo("openai");
        assertThat(ai.pattern().pattern()).isEqualTo("^sk-");
        assertThat(ai.services()).containsExactly("api", "worker");
        assertThat(ai.where()).endsWith("zerofail.yaml:3 secrets.manifest[0]");

        SecretSpec db = m.byName("DB_PASSWORD_FILE").orElseThrow();
        assertThat(db.env()).isEqualTo("DB_PASSWORD_FILE");
        assertThat(db.path()).isEqualTo("db_password_file");
        assertThat(db.category()).isEqualTo("general");
        assertThat(db.requiredIn("anything")).isTrue();
        assertThat(db.sensitive()).isTrue();
        assertThat(db.fileConvention()).isTrue();
        assertThat(ai.fileConvention()).isFalse();

        assertThat(m.forServices(List.of("worker"))).extracting(SecretSpec::name)
                .containsExactly("OPENAI_API_KEY", "DB_PASSWORD_FILE");
        assertThat(m.forServices(List.of("web"))).extracting(SecretSpec::name).containsExactly("DB_PASSWORD_FILE");
        assertThat(m.forServices(List.of())).hasSize(2);
    }

    @Test
    void requiredForms() throws IOException {
        Manifest m = load("""
                secrets:
                  manifest:
                    - {name: A, required: false}
                    - {name: B, required: prod}
                    - {name: C, required: yes}
                """);
        assertThat(m.byName("A").orElseThrow().requiredIn()).isEmpty();
        assertThat(m.byName("A").orElseThrow().requiredIn(null)).isFalse();
        assertThat(m.byName("B").orElseThrow().requiredIn()).containsExactly("prod");
        assertThat(m.byName("C").orElseThrow().requiredIn()).containsExactly("*");
    }

    @Test
    void noManifestIsEmpty() throws IOException {
        assertThat(Manifest.load(ZerofailConfig.empty(), dir).present()).isFalse();
        Manifest m = load("secrets:\n  stores:\n    swarm: {prefix: x_}\n");
        assertThat(m.file()).isEmpty();
        assertThat(m.secrets()).isEmpty();
    }

    @Test
    void manifestInItsOwnFileAsListOrFragment() throws IOException {
        Files.writeString(dir.resolve("secrets.yaml"), "- name: ONE\n- name: TWO\n");
        Manifest m = load("secrets:\n  manifest: secrets.yaml\n");
        assertThat(m.file()).contains(dir.resolve("secrets.yaml"));
        assertThat(m.secrets()).extracting(SecretSpec::name).containsExactly("ONE", "TWO");
        assertThat(m.secrets().get(1).where()).isEqualTo(dir.resolve("secrets.yaml") + ":2 [1]");

        Files.writeString(dir.resolve("secrets.yaml"), "secrets:\n  manifest:\n    - name: THREE\n");
        assertThat(load("secrets:\n  manifest: secrets.yaml\n").secrets()).extracting(SecretSpec::name)
                .containsExactly("THREE");

        Files.writeString(dir.resolve("secrets.yaml"), "- name: ONE\n  colour: red\n");
        assertThatThrownBy(() -> load("secrets:\n  manifest: secrets.yaml\n")).isInstanceOf(ZerofailException.class)
                .satisfies(t -> assertThat(((ZerofailException) t).where())
                        .isEqualTo(dir.resolve("secrets.yaml") + ":2 [0].colour"));
    }

    @Test
    void missingManifestFile() {
        ZerofailException e = error("secrets:\n  manifest: nowhere.yaml\n");
        assertThat(e.where()).endsWith(":2 secrets.manifest");
        assertThat(e.problem()).contains("manifest file not found");
    }

    @Test
    void unknownKeys() {
        assertThat(error("secrets:\n  manifest:\n    - name: A\n      fromat: openai\n").where())
                .endsWith(":4 secrets.manifest[0].fromat");
        assertThat(error("secrets:\n  manfiest: []\n").where()).endsWith(":2 secrets.manfiest");
    }

    @Test
    void duplicates() {
        ZerofailException names = error("secrets:\n  manifest:\n    - name: A_KEY\n    - name: a_key\n");
        assertThat(names.where()).endsWith(":4 secrets.manifest[1].name");
        assertThat(names.problem()).contains("duplicate secret name 'a_key'").contains(":3 secrets.manifest[0]");

        ZerofailException paths = error("""
                secrets:
                  manifest:
                    - {name: A, path: x.y}
                    - {name: B, path: x.y}
                """);
        assertThat(paths.where()).endsWith(":4 secrets.manifest[1].path");
        assertThat(paths.problem()).contains("duplicate store path 'x.y'");

        ZerofailException envs = error("""
                secrets:
                  manifest:
                    - {name: A, env: SAME}
                    - {name: B, env: SAME}
                """);
        assertThat(envs.where()).endsWith(":4 secrets.manifest[1].env");
        assertThat(envs.problem()).contains("duplicate runtime variable 'SAME'");
    }

    @Test
    void badValues() {
        ZerofailException regex = error("secrets:\n  manifest:\n    - name: A\n      regex: '^(sk-'\n");
        assertThat(regex.where()).endsWith(":4 secrets.manifest[0].regex");
        assertThat(regex.problem()).startsWith("invalid regex");

        ZerofailException format = error("secrets:\n  manifest:\n    - name: A\n      format: opneai\n");
        assertThat(format.where()).endsWith(":4 secrets.manifest[0].format");
        assertThat(format.nextStep()).contains("openai", "url", "uuid", "pem-private-key", "github-pat", "jwt");

        ZerofailException required = error("secrets:\n  manifest:\n    - name: A\n      required: {prod: true}\n");
        assertThat(required.where()).endsWith(":4 secrets.manifest[0].required");

        ZerofailException emptyList = error("secrets:\n  manifest:\n    - name: A\n      required: []\n");
        assertThat(emptyList.where()).endsWith(":4 secrets.manifest[0].required");

        ZerofailException env = error("""
                environments:
                  staging: {}
                  prod: {}
                secrets:
                  manifest:
                    - name: A
                      required: [prod, prdo]
                """);
        assertThat(env.where()).endsWith(":7 secrets.manifest[0].required[1]");
        assertThat(env.nextStep()).contains("[prod, staging]");

        assertThat(error("secrets:\n  manifest:\n    - name: 1ABC\n").where()).endsWith(":3 secrets.manifest[0].name");
        assertThat(error("secrets:\n  manifest:\n    - name: GITHUB_TOKEN\n").nextStep()).contains("GH_TOKEN");
        assertThat(error("secrets:\n  manifest:\n    - path: a.b\n").where()).endsWith(":3 secrets.manifest[0]");
        assertThat(error("secrets:\n  manifest:\n    - name: A\n      sensitive: maybe\n").where())
                .endsWith(":4 secrets.manifest[0].sensitive");
        assertThat(error("secrets:\n  manifest:\n    - name: A\n      path: 'a b'\n").where())
                .endsWith(":4 secrets.manifest[0].path");
        assertThat(error("secrets:\n  manifest:\n    name: A\n").where()).endsWith(":3 secrets.manifest");
    }

    @Test
    void userScannerRulesAreFormats() throws IOException {
        Manifest m = load("""
                scan:
                  rules:
                    - id: acme-token
                      keywords: [acme_]
                      regex: '(acme_[a-z0-9]{24})'
                secrets:
                  manifest:
                    - {name: ACME_TOKEN, format: acme-token}
                """);
        assertThat(m.byName("ACME_TOKEN").orElseThrow().format()).isEqualTo("acme-token");
    }
}
