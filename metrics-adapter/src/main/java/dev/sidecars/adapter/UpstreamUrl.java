package dev.sidecars.adapter;

import java.net.URI;
import java.net.URISyntaxException;

/** An absolute http(s) URL of the app, e.g. {@code http://127.0.0.1:8080}; paths are resolved against it. */
record UpstreamUrl(String scheme, String host, int port, String path) {

    static final String FORMAT = "an http:// or https:// URL with a host, e.g. http://127.0.0.1:8080";

    static UpstreamUrl parse(String text) {
        URI uri;
        try {
            uri = new URI(text.strip());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("\"" + text + "\" is not a URL: " + e.getReason());
        }
        String scheme = uri.getScheme();
        if (scheme == null || !(scheme.equals("http") || scheme.equals("https"))) {
            throw new IllegalArgumentException("\"" + text + "\" is not an http:// or https:// URL");
        }
        if (uri.getHost() == null) {
            throw new IllegalArgumentException("\"" + text + "\" has no host");
        }
        if (uri.getUserInfo() != null) {
            throw new IllegalArgumentException("\"" + text + "\" must not carry credentials");
        }
        int port = uri.getPort() >= 0 ? uri.getPort() : scheme.equals("https") ? 443 : 80;
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        if (uri.getRawQuery() != null) {
            path = path + "?" + uri.getRawQuery();
        }
        String host = uri.getHost().startsWith("[") ? uri.getHost().substring(1, uri.getHost().length() - 1) : uri.getHost();
        return new UpstreamUrl(scheme, host, port, path);
    }

    /** {@code /metrics} relative to this base (its path prefix kept), or another absolute URL as it is. */
    UpstreamUrl resolve(String pathOrUrl) {
        if (!pathOrUrl.startsWith("/")) {
            return parse(pathOrUrl);
        }
        String base = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        return new UpstreamUrl(scheme, host, port, base + pathOrUrl);
    }

    boolean tls() {
        return scheme.equals("https");
    }

    @Override
    public String toString() {
        return scheme + "://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port + path;
    }
}
