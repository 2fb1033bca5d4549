import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;

/**
 * A server that does nothing, to check bench/serve/OpenLoop.java on this machine: whatever latency the
 * client reports against it is the client's (and the machine's) own floor.
 *   java TrivialServer.java PORT [BODY_BYTES=200]
 */
public class TrivialServer {
    public static void main(String[] args) throws Exception {
        byte[] body = "x".repeat(args.length > 1 ? Integer.parseInt(args[1]) : 200).getBytes(StandardCharsets.US_ASCII);
        // without it the JDK server writes headers and body in two segments and the client's delayed ACK adds 40 ms
        System.setProperty("sun.net.httpserver.nodelay", "true");
        HttpServer s = HttpServer.create(new InetSocketAddress("127.0.0.1", Integer.parseInt(args[0])), 128);
        s.setExecutor(Executors.newFixedThreadPool(8));
        s.createContext("/", ex -> {
            ex.getRequestBody().readAllBytes();
            ex.getResponseHeaders().set("Content-Type", "text/plain");
            ex.sendResponseHeaders(200, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        s.start();
        System.out.println("listening on " + s.getAddress().getPort());
    }
}
