package dev.sidecars.egress;

import java.net.InetAddress;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What happened to one request or tunnel, filled in as it goes: the decision line and the metrics
 * are written from it once, when it ends.
 */
final class Exchange {

    final long startNanos = System.nanoTime();
    final String client;
    final String method;
    final boolean tunnel;
    String host;
    int port;
    InetAddress address;
    String decision = "allow";
    String reason;
    String detail;
    String entry;
    String route;
    int status;
    long bytesToUpstreamStart;
    private WireBytes upstreamBytes;
    private long bytesToClientStart;
    long bytesToUpstream;
    long bytesToClient;
    private boolean ended;

    Exchange(String client, String method, boolean tunnel) {
        this.client = client;
        this.method = method;
        this.tunnel = tunnel;
    }

    void target(Authority authority) {
        host = authority.host().text();
        port = authority.port();
    }

    /** Records a check's outcome; a denial outweighs an earlier allow, and the first denial is kept. */
    void apply(Decision checked, EgressConfig.Mode mode) {
        if (checked.allowed()) {
            if (reason == null) {
                reason = checked.reason();
                entry = checked.matchedEntry();
            }
            return;
        }
        if (decision.equals("allow")) {
            decision = switch (mode) {
                case ENFORCE -> "deny";
                case REPORT -> "would-deny";
                case OPEN -> "open";
            };
            reason = checked.reason();
            detail = checked.detail();
            entry = null;
        }
    }

    /** A refusal by the proxy itself (bad request, limit, DNS or connect failure). */
    void refused(int status, String reason, String detail) {
        this.status = status;
        if (!this.decision.equals("deny")) {
            this.decision = status == 403 ? "deny" : "error";
        }
        this.reason = reason;
        this.detail = detail;
    }

    /** Counts what the upstream sends from now on as this exchange's. */
    void countFrom(WireBytes upstream) {
        upstreamBytes = upstream;
        bytesToClientStart = upstream.total();
    }

    /** Fixes the byte counts at the end, given the app connection's total so far. */
    void settleBytes(long fromClientTotal) {
        bytesToUpstream = fromClientTotal - bytesToUpstreamStart;
        bytesToClient = upstreamBytes == null ? 0 : upstreamBytes.total() - bytesToClientStart;
    }

    /** True the first time only: an exchange is logged and counted once. */
    boolean end() {
        if (ended) {
            return false;
        }
        ended = true;
        return true;
    }

    double seconds() {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    Map<String, Object> fields() {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("client", client);
        f.put("method", method);
        f.put("host", host);
        f.put("port", port == 0 ? null : port);
        f.put("address", address == null ? null : address.getHostAddress());
        f.put("decision", decision);
        f.put("reason", reason);
        if (detail != null) {
            f.put("detail", detail);
        }
        if (entry != null) {
            f.put("allowed_by", entry);
        }
        if (route != null) {
            f.put("route", route);
        }
        f.put("status", status == 0 ? null : status);
        f.put("bytes_to_upstream", bytesToUpstream);
        f.put("bytes_to_client", bytesToClient);
        f.put("duration_ms", Math.round(seconds() * 1000.0 * 10) / 10.0);
        return f;
    }
}
