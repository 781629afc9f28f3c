-- wrk talks to the proxy; the request line carries the absolute URI, as an app with http_proxy
-- sends it (RFC 9112 §3.2.2), and Host names the destination, not the proxy.
--   PROXY_TARGET=http://upstream.bench.test:18180 wrk -s proxy.lua http://127.0.0.1:<proxy port>/small
local target = os.getenv("PROXY_TARGET") or error("set PROXY_TARGET=http://host:port")
wrk.path = target .. wrk.path
wrk.headers["Host"] = target:match("^https?://([^/]+)")
