package dev.sidecars.egress;

import java.net.InetAddress;

import dev.sidecars.common.log.Json;

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

    /** The decision line's fields, each as {@code ,"name":value}; written directly, no map per request. */
    void appendJson(StringBuilder sb) {
        field(sb, "client", client);
        field(sb, "method", method);
        field(sb, "host", host);
        field(sb, "port", port == 0 ? null : port);
        field(sb, "address", address == null ? null : address.getHostAddress());
        field(sb, "decision", decision);
        field(sb, "reason", reason);
        if (detail != null) {
            field(sb, "detail", detail);
        }
        if (entry != null) {
            field(sb, "allowed_by", entry);
        }
        if (route != null) {
            field(sb, "route", route);
        }
        field(sb, "status", status == 0 ? null : status);
        field(sb, "bytes_to_upstream", bytesToUpstream);
        field(sb, "bytes_to_client", bytesToClient);
        field(sb, "duration_ms", Math.round(seconds() * 1000.0 * 10) / 10.0);
    }

    private static void field(StringBuilder sb, String name, Object value) {
        sb.append(",\"").append(name).append("\":");
        Json.appendValue(sb, value);
    }
}
