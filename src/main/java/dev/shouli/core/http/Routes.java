package dev.shouli.core.http;

import io.vertx.ext.web.Router;

/** A group of routes a component contributes to the gateway's router. */
@FunctionalInterface
public interface Routes {
    void register(Router router);
}
