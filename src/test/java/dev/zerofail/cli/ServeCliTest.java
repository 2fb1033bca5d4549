package dev.zerofail.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zerofail.server.TokenHash;
import java.io.ByteArrayInputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServeCliTest {
    private static final Pattern HASH = Pattern.compile("(?m)^      hash: (\\S+)$");
    private static final String TOKEN = "zf_planted-token-value-0123456789";

    @TempDir
    Path dir;

    @AfterEach
    void resetStdin() {
        ServeHashTokenCommand.stdin = null;
    }

    private static Cli withStdin(String in, String... args) {
        ServeHashTokenCommand.stdin = new ByteArrayInputStream(in.getBytes(StandardCharsets.UTF_8));
        return Cli.run(args);
    }

    private static TokenHash hashIn(String out) {
        Matcher m = HASH.matcher(out);
        assertThat(m.find()).as(out).isTrue();
        return TokenHash.parse(m.group(1));
    }

    @Test
    void hashTokenPrintsTheConfigEntryForTheTokenOnStdin() {
        Cli cli = withStdin(TOKEN + "\n", "serve", "hash-token", "--name", "ci", "--role", "deployer", "--iterations", "10000");
        assertThat(cli.exit()).as(cli.err()).isZero();
        assertThat(cli.out()).contains("    - name: ci\n      role: deployer\n      hash: pbkdf2-sha256$10000$");
        TokenHash h = hashIn(cli.out());
        assertThat(h.matches(TOKEN)).isTrue();
        assertThat(h.matches(TOKEN + "x")).isFalse();
        assertThat(cli.out() + cli.err()).doesNotContain(TOKEN);
        // a fresh salt each time: the same token never hashes the same
        Cli again = withStdin(TOKEN, "serve", "hash-token", "--iterations", "10000");
        assertThat(hashIn(again.out()).encoded()).isNotEqualTo(h.encoded());
        assertThat(again.out()).contains("role: viewer").contains("name: api");
    }

    @Test
    void generatePrintsANewTokenOnceWithItsHash() {
        Cli cli = Cli.run("serve", "hash-token", "--generate", "--iterations", "10000");
        assertThat(cli.exit()).as(cli.err()).isZero();
        Matcher m = Pattern.compile("(?m)^# (zf_[A-Za-z0-9_-]{43})$").matcher(cli.out());
        assertThat(m.find()).as(cli.out()).isTrue();
        String token = m.group(1);
        assertThat(cli.out().split(Pattern.quote(token), -1)).hasSize(2);
        assertThat(hashIn(cli.out()).matches(token)).isTrue();
        assertThat(cli.err()).doesNotContain(token);
    }

    @Test
    void hashTokenRefusesMissingShortOrOddTokensWithoutEchoingThem() {
        assertThat(withStdin("", "serve", "hash-token").exit()).isEqualTo(2);
        Cli shortOne = withStdin("zf_short-secret", "serve", "hash-token");
        assertThat(shortOne.exit()).isEqualTo(2);
        assertThat(shortOne.out() + shortOne.err()).doesNotContain("zf_short-secret").contains("15 characters");
        Cli spaced = withStdin("zf_planted token value 0123", "serve", "hash-token");
        assertThat(spaced.exit()).isEqualTo(2);
        assertThat(spaced.err()).doesNotContain("planted");
        assertThat(withStdin(TOKEN, "serve", "hash-token", "--role", "root").exit()).isEqualTo(2);
        assertThat(withStdin(TOKEN, "serve", "hash-token", "--iterations", "1000").exit()).isEqualTo(2);
    }

    @Test
    void aBadBindIsExit2AndAPortInUseExit3() throws Exception {
        Cli bad = Cli.run("serve", dir.toString(), "--bind", "192.0.2.77", "--port", "0");
        assertThat(bad.exit()).as(bad.err()).isEqualTo(2);
        assertThat(bad.err()).contains("192.0.2.77").contains("not an address of this machine");
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Cli busy = Cli.run("serve", dir.toString(), "--bind", "127.0.0.1", "--port", Integer.toString(taken.getLocalPort()));
            assertThat(busy.exit()).as(busy.err()).isEqualTo(3);
            assertThat(busy.err()).contains("in use").contains(Integer.toString(taken.getLocalPort()));
        }
        assertThat(Cli.run("serve", dir.toString(), "--port", "70000").exit()).isEqualTo(2);
    }

    @Test
    void aPlainTokenInTheConfigIsRefusedWithoutQuotingIt() throws Exception {
        Files.writeString(dir.resolve("zerofail.yaml"), "serve:\n  tokens:\n    - name: ci\n      role: deployer\n      hash: " + TOKEN
                + "\n");
        Cli cli = Cli.run("serve", dir.toString(), "--port", "0");
        assertThat(cli.exit()).isEqualTo(2);
        assertThat(cli.err()).contains("serve.tokens").contains("hash-token").doesNotContain(TOKEN);
    }
}
