package dev.zerofail.runs;

import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** One GET, nothing else: the seam between the import and the network (tests use WireMock or a fake). */
@FunctionalInterface
public interface GithubHttp {
    /** Never follows redirects: a redirect to a log's storage must not carry the token along. */
    Reply get(URI uri, Map<String, String> headers) throws IOException, InterruptedException;

    record Reply(int status, Map<String, List<String>> headers, byte[] body) {
        public Reply {
            java.util.TreeMap<String, List<String>> h = new java.util.TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            headers.forEach((k, v) -> {
                if (k != null) {
                    h.put(k.toLowerCase(Locale.ROOT), List.copyOf(v));
                }
            });
            headers = java.util.Collections.unmodifiableMap(h);
        }

        public String header(String name) {
            List<String> v = headers.get(name);
            return v == null || v.isEmpty() ? null : v.get(0);
        }
    }
}
