package dev.zerofail.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.zerofail.core.ConfigNode;
import dev.zerofail.core.ExitCode;
import dev.zerofail.core.ZerofailException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServeConfigTest {
    private static final String TOKEN = "zf_config-token-value-0123456789";
    private static final String HASH = TokenHash.of(TOKEN, TokenHash.MIN_ITERATIONS, new SecureRandom()).encoded();

    @TempDir
    Path dir;

    private ServeConfig parse(String yaml) {
        return ServeConfig.from(ConfigNode.parse("zerofail.yaml", yaml).get("serve").orElseThrow(), dir);
    }

    private void refused(String yaml, String... says) {
        assertThatThrownBy(() -> parse(yaml)).isInstanceOfSatisfying(ZerofailException.class, e -> {
            assertThat(e.exitCode()).isEqualTo(ExitCode.USAGE);
            assertThat(e.describe()).contains(says).doesNotContain(TOKEN).doesNotContain(HASH);
        });
    }

    @Test
    void readsEveryKeyAndTokensFromAFile() throws Exception {
        Files.writeString(dir.resolve("tokens.yaml"), "tokens:\n  - name: ops\n    role: admin\n    hash: " + HASH + "\n");
        ServeConfig c = parse("serve:\n  bind: 0.0.0.0\n  port: 9090\n  anonymous: [healthz, metrics]\n"
                + "  auth-failures-per-minute: 5\n  tokens:\n    - name: ci\n      role: deployer\n      hash: " + HASH
                + "\n  tokens-file: tokens.yaml\n");
        assertThat(c.bind()).isEqualTo("0.0.0.0");
        assertThat(c.port()).isEqualTo(9090);
        assertThat(c.anonymous()).isEqualTo(Set.of("healthz", "metrics"));
        assertThat(c.authFailuresPerMinute()).isEqualTo(5);
        assertThat(c.tokens()).extracting(ApiToken::name).containsExactly("ci", "ops");
        assertThat(c.tokens()).extracting(ApiToken::role).containsExactly(Role.DEPLOYER, Role.ADMIN);
        assertThat(c.tokens().get(0).hash().matches(TOKEN)).isTrue();
        assertThat(c.tokens().get(0).toString()).doesNotContain(HASH);
    }

    @Test
    void defaultsWithoutTheSection() {
        ServeConfig c = parse("serve: {}\n");
        assertThat(c).isEqualTo(ServeConfig.defaults());
        assertThat(c.anonymous("healthz")).isFalse();
    }

    @Test
    void refusesBadValuesNamingTheKey() {
        refused("serve:\n  port: 70000\n", "serve.port");
        refused("serve:\n  anonymous: [api]\n", "serve.anonymous");
        refused("serve:\n  auth-failures-per-minute: 0\n", "auth-failures-per-minute");
        refused("serve:\n  colour: blue\n", "colour");
        refused("serve:\n  tokens:\n    - name: ci\n      role: root\n      hash: " + HASH + "\n", "role");
        refused("serve:\n  tokens:\n    - name: ci\n      role: viewer\n      hash: " + TOKEN + "\n", "hash-token");
        refused("serve:\n  tokens:\n    - name: ci\n      role: viewer\n", "needs a hash");
        refused("serve:\n  tokens:\n    - name: ci\n      role: viewer\n      hash: " + HASH + "\n    - name: ci\n      role: admin\n"
                + "      hash: " + HASH + "\n", "used twice");
        String weak = TokenHash.of(TOKEN, 1000, new SecureRandom()).encoded();
        refused("serve:\n  tokens:\n    - name: ci\n      role: viewer\n      hash: " + weak + "\n", "too few");
        refused("serve:\n  tokens-file: missing.yaml\n", "no such file");
    }

    @Test
    void tokenHashesAreSaltedAndRoundTrip() {
        SecureRandom r = new SecureRandom();
        TokenHash a = TokenHash.of(TOKEN, TokenHash.MIN_ITERATIONS, r);
        TokenHash b = TokenHash.of(TOKEN, TokenHash.MIN_ITERATIONS, r);
        assertThat(a.encoded()).isNotEqualTo(b.encoded());
        assertThat(TokenHash.parse(a.encoded())).isEqualTo(a);
        assertThat(TokenHash.parse(a.encoded()).matches(TOKEN)).isTrue();
        assertThat(TokenHash.parse("pbkdf2-sha256$x$AAAA$BBBB")).isNull();
        assertThat(TokenHash.parse("argon2$1$AAAA$BBBB")).isNull();
        assertThat(TokenHash.parse(TOKEN)).isNull();
        assertThat(TokenHash.newToken(r)).startsWith("zf_").hasSize(46).isNotEqualTo(TokenHash.newToken(r));
    }

    @Test
    void roleOrder() {
        assertThat(Role.ADMIN.includes(Role.DEPLOYER)).isTrue();
        assertThat(Role.DEPLOYER.includes(Role.VIEWER)).isTrue();
        assertThat(Role.VIEWER.includes(Role.DEPLOYER)).isFalse();
        assertThat(Role.DEPLOYER.includes(Role.ADMIN)).isFalse();
    }
}
