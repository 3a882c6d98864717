package dev.shouli.feature.console;

import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * The console's static files, read once from the classpath: its stylesheet and script, and htmx from the
 * {@code org.webjars.npm:htmx.org} jar. No build step, nothing fetched from elsewhere.
 */
final class Assets {

    /** The version of the htmx webjar on the classpath, from its own pom.properties: the pom decides it. */
    static final String HTMX_VERSION = webjarVersion("/META-INF/maven/org.webjars.npm/htmx.org/pom.properties");

    private record Asset(String contentType, Buffer bytes) {
    }

    private final Map<String, Asset> assets = Map.of(
            "console.css", load("/console/assets/console.css", "text/css; charset=utf-8"),
            "console.js", load("/console/assets/console.js", "text/javascript; charset=utf-8"),
            "htmx.min.js", load("/META-INF/resources/webjars/htmx.org/" + HTMX_VERSION + "/dist/htmx.min.js",
                    "text/javascript; charset=utf-8"));

    void serve(RoutingContext ctx) {
        Asset asset = assets.get(ctx.pathParam("name"));
        if (asset == null) {
            ctx.fail(ConsoleProblem.notFound());
            return;
        }
        ctx.response()
                .putHeader("Content-Type", asset.contentType())
                .putHeader("Cache-Control", "public, max-age=3600")
                .putHeader("X-Content-Type-Options", "nosniff")
                .end(asset.bytes());
    }

    private static String webjarVersion(String path) {
        try (InputStream in = Assets.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException(path + " is missing: is org.webjars.npm:htmx.org on the classpath?");
            }
            java.util.Properties p = new java.util.Properties();
            p.load(in);
            return p.getProperty("version");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Asset load(String path, String contentType) {
        try (InputStream in = Assets.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException(path + " is missing from the classpath");
            }
            return new Asset(contentType, Buffer.buffer(in.readAllBytes()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
