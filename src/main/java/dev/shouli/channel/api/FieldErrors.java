package dev.shouli.channel.api;

import dev.shouli.core.http.HttpProblem;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** Collects every field problem of a request so the caller can fix them all in one go. */
final class FieldErrors {

    private final JsonArray errors = new JsonArray();

    void add(String field, String message) {
        errors.add(new JsonObject().put("field", field).put("message", message));
    }

    void throwIfAny() {
        if (!errors.isEmpty()) {
            throw HttpProblem.invalidFields(errors);
        }
    }
}
