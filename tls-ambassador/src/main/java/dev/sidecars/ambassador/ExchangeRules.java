package dev.sidecars.ambassador;

import java.util.List;
import java.util.Set;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;

/**
 * The decisions of the pooled HTTP path, pure and tested with tables: which requests may use a shared
 * connection to the app, whether that connection may serve the next request, and whether the client's
 * connection stays open after a response.
 */
final class ExchangeRules {

    enum Route {
        /** Borrow an idle connection to the app (or open one) for this request. */
        POOLED,
        /** The request changes the connection's protocol (Upgrade, CONNECT): a connection of its own, for good. */
        DEDICATED,
        /** The request did not decode: it is answered with 400 and never forwarded. */
        REJECT
    }

    /** What the client's request said about its own connection, read before its hop headers are removed. */
    record ClientRequest(HttpMethod method, boolean http10, boolean keepAlive) {
        static ClientRequest of(HttpRequest request) {
            return new ClientRequest(request.method(), request.protocolVersion().equals(HttpVersion.HTTP_1_0),
                    HttpUtil.isKeepAlive(request));
        }
    }

    private ExchangeRules() {
    }

    /**
     * The request as the app gets it on a shared connection: without the client's hop headers (but never
     * without the ones we set, {@code ours}), as HTTP/1.1 keep-alive.
     */
    static void prepareRequest(HttpRequest request, List<String> ours) {
        HopByHopHeaders.strip(request.headers(), ours);
        request.setProtocolVersion(HttpVersion.HTTP_1_1);
    }

    static Route route(HttpRequest request) {
        if (request.decoderResult().isFailure()) {
            return Route.REJECT;
        }
        if (HttpMethod.CONNECT.equals(request.method()) || request.headers().contains(HttpHeaderNames.UPGRADE)) {
            return Route.DEDICATED;
        }
        return Route.POOLED;
    }

    /** Methods that mean the same when sent twice (RFC 9110 §9.2.2); POST and PATCH may not. */
    private static final Set<HttpMethod> IDEMPOTENT = Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS,
            HttpMethod.TRACE, HttpMethod.PUT, HttpMethod.DELETE);

    /**
     * A request that may be sent again as it was, should a reused connection turn out to be closed: no
     * body (nothing of it is kept) and an idempotent method, since the app may have acted on it before
     * it closed (a proxy must not repeat a POST on its own, RFC 9110 §9.2.2; nginx does not either).
     */
    static boolean mayRepeat(HttpRequest request) {
        return IDEMPOTENT.contains(request.method())
                && !HttpUtil.isTransferEncodingChunked(request) && HttpUtil.getContentLength(request, 0L) == 0L;
    }

    /** 1xx other than 101: an interim answer, the final response follows on the same exchange. */
    static boolean isInterim(HttpResponse response) {
        int code = response.status().code();
        return code >= 100 && code < 200 && code != 101;
    }

    /**
     * Whether the response's end can be told without closing the connection: chunked, a length, a
     * status without content, or an answer to HEAD. Otherwise it ends when the app closes.
     */
    static boolean isSelfDelimited(HttpMethod requestMethod, HttpResponse response) {
        int code = response.status().code();
        return HttpUtil.isTransferEncodingChunked(response)
                || HttpUtil.isContentLengthSet(response)
                || code == HttpResponseStatus.NO_CONTENT.code()
                || code == HttpResponseStatus.NOT_MODIFIED.code()
                || (code >= 100 && code < 200)
                || HttpMethod.HEAD.equals(requestMethod);
    }

    /**
     * The app's response leaves its connection open for another request: HTTP/1.1 keep-alive and an end
     * that does not need the close. The connection is reused only if, besides, the exchange ended cleanly
     * (the whole request sent, the whole response written to the client).
     */
    static boolean appKeepsAlive(HttpMethod requestMethod, HttpResponse response) {
        return response.protocolVersion().equals(HttpVersion.HTTP_1_1)
                && HttpUtil.isKeepAlive(response)
                && isSelfDelimited(requestMethod, response);
    }

    /**
     * The client's connection stays open after this response: the client asked for keep-alive, it has sent
     * its whole request, the response can be delimited for it (an HTTP/1.0 client cannot read chunks).
     */
    static boolean clientKeepsAlive(ClientRequest request, HttpResponse response, boolean requestFullyReceived) {
        return request.keepAlive()
                && requestFullyReceived
                && isSelfDelimited(request.method(), response)
                && !(request.http10() && HttpUtil.isTransferEncodingChunked(response));
    }

    /**
     * Prepares the app's response for the client: the app's hop headers go, ours say whether the client's
     * connection stays open; an HTTP/1.0 client gets the body unchunked, delimited by the close.
     */
    static void prepareResponse(HttpResponse response, ClientRequest request, boolean keepAlive) {
        HopByHopHeaders.strip(response.headers(), List.of());
        if (request.http10() && HttpUtil.isTransferEncodingChunked(response)) {
            HttpUtil.setTransferEncodingChunked(response, false);
        }
        if (!keepAlive) {
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        } else if (request.http10()) {
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
        }
    }
}
