/**
 * The tls-ambassador image: terminates TLS (optionally mTLS) and relays to the app on localhost, or in
 * client mode accepts plain connections and originates TLS.
 *
 * <p>Start with {@code AmbassadorMain} and {@code AmbassadorConfig} (every variable), then
 * {@code AmbassadorServer}, which builds the pieces and binds. A server-mode connection runs through
 * {@code ServerInitializer}'s pipeline: {@code PlainHttpDetector} (the first bytes), the TLS handler
 * (or {@code SniSelector}), {@code HandshakeGate} (identity checks, then the connection to the app via
 * {@code TargetConnector}, or the pooled HTTP path: {@code PooledHttpRelay}, {@code TargetPool},
 * {@code TargetExchange}). Client mode is {@code ClientModeInitializer}. Certificates and their reload
 * are {@code TlsState} and {@code TlsContexts} over common's {@code tls} package; the pure decisions
 * ({@code IdentityPolicy}, {@code ExchangeRules}, {@code HopByHopHeaders}, {@code ProxyProtocolV2}) are
 * tested with tables.
 */
package dev.sidecars.ambassador;
