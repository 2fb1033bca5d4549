package dev.zerofail;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A port on 127.0.0.1 for a listener the test cannot hold itself (a Swarm task, Prometheus): one
 * that is free now and lies below the kernel's ephemeral range, so no port-0 bind and no outgoing
 * connection is handed it in the meantime. Only another process choosing the same port on purpose
 * can race for it; the tests check that the answer comes from the server they started.
 */
public final class Ports {
    /** The lowest port chosen here (well above the ports of well-known services). */
    public static final int LOW = 20000;

    private Ports() {
    }

    public static int forAnotherProcess() throws IOException {
        int high = ephemeralLow();
        for (int attempt = 0; attempt < 200; attempt++) {
            int port = ThreadLocalRandom.current().nextInt(LOW, high);
            try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                return port;
            } catch (IOException taken) {
                // in use: try another
            }
        }
        throw new IOException("no free port on 127.0.0.1 between " + LOW + " and " + high);
    }

    /** The first port of the kernel's ephemeral range (Linux), 32768 when it cannot be read. */
    public static int ephemeralLow() {
        try {
            int low = Integer.parseInt(Files.readString(Path.of("/proc/sys/net/ipv4/ip_local_port_range")).trim().split("\\s+")[0]);
            return low > LOW + 1000 ? low : 32768;
        } catch (IOException | RuntimeException e) {
            return 32768;
        }
    }
}
