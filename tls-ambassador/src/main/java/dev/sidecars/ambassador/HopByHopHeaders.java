package dev.sidecars.ambassador;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;

/**
 * The headers that describe one hop, not the message (RFC 9110 §7.6.1): on the pooled path the
 * connection to the app is ours, shared by many clients, so a client's hop headers must not reach it.
 * Pure, tested with tables.
 */
final class HopByHopHeaders {

    static final List<String> ALWAYS = List.of("Connection", "Keep-Alive", "Proxy-Connection", "TE", "Trailer", "Upgrade");

    private HopByHopHeaders() {
    }

    /**
     * Removes the hop headers and those that {@code Connection} names, except the ones in
     * {@code protectedNames}: a client must not be able to remove the headers we set about it by listing
     * them in {@code Connection}.
     */
    static void strip(HttpHeaders headers, List<String> protectedNames) {
        List<String> names = new ArrayList<>();
        for (String value : headers.getAll(HttpHeaderNames.CONNECTION)) {
            for (String token : value.split(",")) {
                String name = token.trim();
                if (!name.isEmpty()) {
                    names.add(name);
                }
            }
        }
        names.addAll(ALWAYS);
        for (String name : names) {
            if (!isProtected(name, protectedNames)) {
                headers.remove(name);
            }
        }
    }

    private static boolean isProtected(String name, List<String> protectedNames) {
        String lower = name.toLowerCase(Locale.ROOT);
        for (String p : protectedNames) {
            if (p.toLowerCase(Locale.ROOT).equals(lower)) {
                return true;
            }
        }
        return false;
    }
}
