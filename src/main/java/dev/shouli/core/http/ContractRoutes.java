package dev.shouli.core.http;

import io.vertx.ext.web.Router;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The API contract: {@code GET /openapi.yaml} serves the OpenAPI 3.1 file kept in the repository
 * (src/main/resources/openapi.yaml) byte for byte, {@code GET /openapi} a readable page rendered from it on the
 * server (no scripts, nothing fetched from elsewhere).
 */
public final class ContractRoutes implements Routes {

    public static final String RESOURCE = "/openapi.yaml";

    private final String yaml;
    private final String page;

    public ContractRoutes() {
        this.yaml = load();
        this.page = ContractPage.render(yaml);
    }

    /** The contract as shipped in the jar. */
    public static String load() {
        try (InputStream in = ContractRoutes.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void register(Router router) {
        router.get("/openapi.yaml").handler(ctx -> ctx.response()
                .putHeader("Content-Type", "application/yaml; charset=utf-8")
                .putHeader("Cache-Control", "public, max-age=300")
                .end(yaml));
        router.get("/openapi").handler(ctx -> ctx.response()
                .putHeader("Content-Type", "text/html; charset=utf-8")
                .putHeader("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'")
                .end(page));
    }
}
