package dev.zerofail;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;

/**
 * A TCP port on 127.0.0.1 where connections are refused, for as long as the test holds it: a socket
 * bound to the port but not listening. The kernel answers a connection attempt with a reset, and
 * no other process can start listening there in the meantime (unlike the port of a ServerSocket the
 * test opened and closed, which anything may take before the test connects).
 */
public final class RefusedPort implements AutoCloseable {
    private final Socket socket = new Socket();

    public RefusedPort() throws IOException {
        socket.setReuseAddress(false);
        socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    }

    public int port() {
        return socket.getLocalPort();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
