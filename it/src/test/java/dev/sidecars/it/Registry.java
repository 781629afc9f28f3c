package dev.sidecars.it;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** Reads image manifests from the registry's HTTP API (distribution spec), as a kubelet's runtime does. */
final class Registry {

    record Layer(String digest, long size) {
    }

    private static final String ACCEPT = String.join(",",
            "application/vnd.oci.image.manifest.v1+json",
            "application/vnd.docker.distribution.manifest.v2+json");

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** The layers of an image reference {@code host:port/repo/name:tag}, in order. */
    List<Layer> layers(String reference) throws IOException, InterruptedException {
        int slash = reference.indexOf('/');
        int colon = reference.lastIndexOf(':');
        String host = reference.substring(0, slash);
        String repository = reference.substring(slash + 1, colon);
        String tag = reference.substring(colon + 1);
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                        URI.create("http://" + host + "/v2/" + repository + "/manifests/" + tag))
                .header("Accept", ACCEPT).timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new AssertionError("registry answered " + response.statusCode() + " for " + reference + ": " + response.body());
        }
        JsonArray layers = new JsonObject(response.body()).getJsonArray("layers");
        List<Layer> out = new ArrayList<>();
        for (int i = 0; i < layers.size(); i++) {
            JsonObject layer = layers.getJsonObject(i);
            out.add(new Layer(layer.getString("digest"), layer.getLong("size")));
        }
        return out;
    }
}
