package dev.zerofail.server;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Set;

/** The OpenAPI 3.1 description of this API (a resource, checked against the real responses in tests). */
final class OpenApiRoutes implements RouteGroup {
    static final String RESOURCE = "/dev/zerofail/server/openapi.json";

    @Override
    public void register(Routes routes) {
        byte[] document = load();
        routes.get("/api/openapi.json", Access.VIEWER, ctx -> {
            QueryParams.of(ctx, Set.of());
            ctx.contentType("application/json").result(document);
        });
    }

    static byte[] load() {
        try (InputStream in = OpenApiRoutes.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the jar");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
