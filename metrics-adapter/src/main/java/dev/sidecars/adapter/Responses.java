package dev.sidecars.adapter;

import java.util.Map;

import dev.sidecars.common.log.Json;
import io.vertx.core.http.HttpServerRequest;

/** JSON answers written the same way by every endpoint. */
final class Responses {

    private Responses() {
    }

    static void json(HttpServerRequest request, int status, Map<String, ?> body) {
        if (request.response().ended() || request.response().closed()) {
            return;
        }
        request.response().setStatusCode(status)
                .putHeader("Content-Type", "application/json")
                .putHeader("Cache-Control", "no-store")
                .end(Json.write(body) + "\n");
    }
}
