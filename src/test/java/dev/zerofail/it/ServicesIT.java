package dev.zerofail.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.StandardProtocolFamily;
import java.net.URI;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The real services later capabilities test against are provisioned and answer on loopback. */
class ServicesIT {
    @Test
    void dockerEngineIsASwarmManagerWithTheTestImage() throws Exception {
        String host = Services.require("ZEROFAIL_IT_DOCKER_HOST", "Docker Engine");
        String image = Services.require("ZEROFAIL_IT_TEST_IMAGE", "the busybox test image");
        Path socket = Path.of(URI.create(host).getPath());
        assertThat(get(socket, "/_ping")).endsWith("OK");
        assertThat(get(socket, "/info")).contains("\"LocalNodeState\":\"active\"").contains("\"ControlAvailable\":true");
        String repo = image.substring(0, image.lastIndexOf(':'));
        assertThat(get(socket, "/images/json?filter=" + repo)).contains(image);
    }

    @Test
    void postgresAcceptsTheTestRole() throws Exception {
        String url = Services.require("ZEROFAIL_IT_PG_URL", "PostgreSQL");
        assertThat(url).contains("127.0.0.1");
        try (Connection c = DriverManager.getConnection(url, System.getenv("ZEROFAIL_IT_PG_USER"),
                System.getenv("ZEROFAIL_IT_PG_PASSWORD")); ResultSet rs = c.createStatement().executeQuery("select 1")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getInt(1)).isEqualTo(1);
        }
    }

    @Test
    void prometheusAndChromiumAreInstalled() throws Exception {
        assertThat(version(Services.require("ZEROFAIL_IT_PROMETHEUS_BIN", "Prometheus"), "--version")).contains("prometheus");
        assertThat(version(Services.require("ZEROFAIL_IT_CHROMIUM_BIN", "Chromium"), "--version")).contains("Chromium");
        assertThat(version(Services.require("ZEROFAIL_IT_CHROMEDRIVER_BIN", "ChromeDriver"), "--version")).contains("ChromeDriver");
    }

    private static String version(String bin, String flag) throws Exception {
        Process p = new ProcessBuilder(bin, flag).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return out;
    }

    /** A plain HTTP/1.0 GET over the Docker socket: enough to check the daemon, no client library needed yet. */
    private static String get(Path socket, String path) throws Exception {
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.connect(UnixDomainSocketAddress.of(socket));
            ch.write(ByteBuffer.wrap(("GET " + path + " HTTP/1.0\r\nHost: docker\r\n\r\n").getBytes(StandardCharsets.US_ASCII)));
            ByteBuffer buf = ByteBuffer.allocate(1 << 20);
            while (ch.read(buf) >= 0 && buf.hasRemaining()) {
                // read until the daemon closes the connection (HTTP/1.0)
            }
            String resp = new String(buf.array(), 0, buf.position(), StandardCharsets.UTF_8);
            assertThat(resp).startsWith("HTTP/1.0 200").as(path);
            return resp.substring(resp.indexOf("\r\n\r\n") + 4).strip();
        }
    }
}
