/**
 * The egress-proxy image: a forward proxy on localhost ({@code http_proxy}) that lets the app reach
 * only allow-listed destinations, maps local URLs to real upstreams, and refuses and logs the rest.
 * Every type is package-private except {@link dev.sidecars.egress.EgressMain}.
 *
 * <h2>Where to start reading</h2>
 * <ol>
 *   <li>{@code EgressMain}: the image's entry point; {@code EgressConfig}: every {@code EGRESS_}
 *       variable, declared once; {@code EgressServer}: the listener, and the drain on shutdown.</li>
 *   <li>{@code ProxyInitializer}: the pipeline of one app connection ({@code WireBytes},
 *       {@code StrictRequestDecoder}, {@code ProxyResponseEncoder}, {@code ProxyHandler}).</li>
 *   <li>{@code ProxyHandler}: one app connection, request after request. Each request is an
 *       {@code InFlightRequest}; {@code RequestTarget} says where it goes and the policy whether it
 *       may; {@code Dialer} resolves ({@code DnsResolver}) and connects to the checked address;
 *       {@code UpstreamHandler} ends the upstream's pipeline and {@code ResponseRelay} streams its
 *       response to the app; {@code Refusals} are the proxy's own answers; {@code ConnectTunnel}
 *       sets up the byte tunnel of an allowed {@code CONNECT}.</li>
 * </ol>
 *
 * <h2>What else lives here</h2>
 * <ul>
 *   <li>The policy, pure and tested with tables: {@code EgressPolicy} (a name, then each resolved
 *       address), {@code AllowList}, {@code AddressPolicy} and {@code Cidr}, {@code Routes}, each
 *       check's {@code Decision}; {@code AllowListSource} keeps the policy in force, reloading
 *       {@code EGRESS_ALLOW_FILE}.</li>
 *   <li>Parsing: {@code Host}, {@code HostNames}, {@code IpLiterals}, {@code Authority}; the HTTP
 *       rules of a forward proxy (smuggling, hop-by-hop headers) in {@code HttpHygiene}.</li>
 *   <li>The record of each request or tunnel: {@code Exchange}, written once as a JSON line by
 *       {@code DecisionLog} and counted by {@code EgressMetrics}.</li>
 * </ul>
 */
package dev.sidecars.egress;
