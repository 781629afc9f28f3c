package dev.sidecars.ambassador;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.sidecars.common.env.ConfigException;
import dev.sidecars.common.env.HostPort;
import dev.sidecars.common.env.Image;
import dev.sidecars.common.env.ParsedEnv;
import dev.sidecars.common.env.RuntimeSettings;
import dev.sidecars.common.env.Setting;
import dev.sidecars.common.env.ValueType;
import dev.sidecars.common.env.ValueTypes;
import dev.sidecars.common.tls.TlsSource;

/** The tls-ambassador image's settings: every variable is declared here, once. */
record AmbassadorConfig(
        RuntimeSettings.Values runtime,
        Mode mode,
        Protocol protocol,
        HostPort listen,
        HostPort target,
        TlsSource tls,
        List<Path> sniDirs,
        List<String> tlsVersions,
        List<String> cipherSuites,
        List<String> alpn,
        Engine engine,
        Path clientCaFile,
        ClientAuth clientAuth,
        IdentityPolicy identityPolicy,
        boolean proxyProtocol,
        Path caFile,
        String serverName,
        Duration handshakeTimeout,
        Duration idleTimeout,
        Duration connectTimeout,
        Duration maxConnectionLifetime,
        int maxConnections,
        boolean readyRequiresTarget,
        int targetKeepalive,
        Duration targetKeepaliveTimeout) {

    enum Mode { SERVER, CLIENT }

    enum Protocol { TCP, HTTP }

    enum Engine { AUTO, OPENSSL, JDK }

    enum ClientAuth { NONE, OPTIONAL, REQUIRE }

    static final List<String> VERSIONS = List.of("TLSv1.2", "TLSv1.3");

    /** AEAD suites only, strongest first; the TLS 1.3 suites are all AEAD. */
    static final List<String> AEAD_SUITES = List.of(
            "TLS_AES_128_GCM_SHA256",
            "TLS_AES_256_GCM_SHA384",
            "TLS_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256");

    private static final String P = "AMBASSADOR_";

    private static final RuntimeSettings RUNTIME = RuntimeSettings.longRunning(P, "0.0.0.0:9901");

    static final Setting<Mode> MODE = Setting.optional(P + "MODE", ValueTypes.enumOf(Mode.class), "server",
            "`server`: terminate TLS on `AMBASSADOR_LISTEN` and relay to the app at `AMBASSADOR_TARGET`; `client`: accept plain connections on loopback and originate TLS to the remote `AMBASSADOR_TARGET`.");
    static final Setting<Protocol> PROTOCOL = Setting.optional(P + "PROTOCOL", ValueTypes.enumOf(Protocol.class), "tcp",
            "`tcp` relays any protocol byte for byte; `http` (server mode) adds `X-Forwarded-For`, `X-Forwarded-Proto` and client identity headers, reuses idle connections to the app (`AMBASSADOR_TARGET_KEEPALIVE`), and answers plain HTTP on the TLS port with a 400 page.");
    static final Setting<HostPort> LISTEN = Setting.optional(P + "LISTEN", ValueTypes.ADDRESS, "0.0.0.0:8443",
            "Address to accept connections on; in client mode it must be a loopback address (the app's side is plain text).");
    static final Setting<HostPort> TARGET = Setting.optional(P + "TARGET", ValueTypes.ADDRESS, "127.0.0.1:8080",
            "Server mode: the app's plain-text address. Client mode: the remote TLS server `host:port`.");
    static final Setting<Boolean> ALLOW_REMOTE_TARGET = Setting.optional(P + "ALLOW_REMOTE_TARGET", ValueTypes.BOOLEAN, "false",
            "Server mode: allow a target outside loopback (traffic from the ambassador to it is plain text).");
    static final Setting<Path> TLS_DIR = Setting.optional(P + "TLS_DIR", ValueTypes.PATH, null,
            "A mounted `kubernetes.io/tls` Secret: `tls.crt`, `tls.key` (and `ca.crt`); watched and reloaded. One of this, the cert/key files or PKCS#12 is required in server mode; in client mode it is the optional client certificate.");
    static final Setting<List<Path>> TLS_SNI_DIRS = Setting.optional(P + "TLS_SNI_DIRS", ValueTypes.listOf(ValueTypes.PATH), null,
            "Server mode: more mounted `kubernetes.io/tls` Secrets, comma-separated; a client whose SNI matches a DNS SAN of one of their certificates (exactly, or `*.suffix` for one label; the first listed wins) gets that one, others the default certificate (the single-certificate setting, or else the first of these). Each is watched and reloaded.");
    static final Setting<Path> TLS_CERT_FILE = Setting.optional(P + "TLS_CERT_FILE", ValueTypes.PATH, null,
            "PEM certificate chain (leaf first), with `AMBASSADOR_TLS_KEY_FILE`; watched and reloaded.");
    static final Setting<Path> TLS_KEY_FILE = Setting.optional(P + "TLS_KEY_FILE", ValueTypes.PATH, null,
            "PEM private key (PKCS#8, PKCS#1 or SEC1) for `AMBASSADOR_TLS_CERT_FILE`.");
    static final Setting<Path> TLS_PKCS12_FILE = Setting.optional(P + "TLS_PKCS12_FILE", ValueTypes.PATH, null,
            "PKCS#12 keystore with the key and chain; watched and reloaded.");
    static final Setting<Path> TLS_PKCS12_PASSWORD_FILE = Setting.optional(P + "TLS_PKCS12_PASSWORD_FILE", ValueTypes.PATH, null,
            "File holding the PKCS#12 password (empty password when unset).");
    static final Setting<List<String>> TLS_VERSIONS = Setting.optional(P + "TLS_VERSIONS",
            ValueTypes.listOf(oneOf("TLS version", VERSIONS)), "TLSv1.2,TLSv1.3",
            "TLS versions offered; only `TLSv1.2` and `TLSv1.3` exist here.");
    static final Setting<List<String>> TLS_CIPHERS = Setting.optional(P + "TLS_CIPHERS",
            ValueTypes.listOf(oneOf("AEAD cipher suite (IANA name)", AEAD_SUITES)), String.join(",", AEAD_SUITES),
            "Cipher suites (IANA names), AEAD only: AES-GCM and ChaCha20-Poly1305.");
    static final Setting<List<String>> ALPN = Setting.optional(P + "ALPN",
            ValueTypes.listOf(ValueType.of("protocol", "an ALPN protocol id, e.g. h2 or http/1.1", AmbassadorConfig::alpnId)), null,
            "ALPN protocols to offer or accept, in order of preference, e.g. `h2,http/1.1`; none when unset.");
    static final Setting<Engine> ENGINE = Setting.optional(P + "TLS_ENGINE", ValueTypes.enumOf(Engine.class), "auto",
            "`openssl` (BoringSSL, bundled), `jdk`, or `auto`: in server mode OpenSSL where its native library loads, else the JDK's; in client mode the JDK's (it keeps a TLS 1.3 half-close open, OpenSSL does not).");
    static final Setting<Path> CLIENT_CA_FILE = Setting.optional(P + "CLIENT_CA_FILE", ValueTypes.PATH, null,
            "Server mode: PEM bundle of the CAs that sign client certificates (mTLS); watched and reloaded.");
    static final Setting<ClientAuth> CLIENT_AUTH = Setting.optional(P + "CLIENT_AUTH", ValueTypes.enumOf(ClientAuth.class), null,
            "Server mode: whether clients must present a certificate; `require` when `AMBASSADOR_CLIENT_CA_FILE` is set, else `none`.");
    static final Setting<List<String>> ALLOW_CN = Setting.optional(P + "ALLOW_CN", ValueTypes.listOf(ValueTypes.STRING), null,
            "Server mode: client certificate subject CNs allowed (exact match). Any allow-list makes a verified client certificate mandatory.");
    static final Setting<List<String>> ALLOW_DNS = Setting.optional(P + "ALLOW_DNS", ValueTypes.listOf(ValueTypes.STRING), null,
            "Server mode: client certificate DNS SANs allowed: exact names or `*.suffix` (one label).");
    static final Setting<List<UriPattern>> ALLOW_URI = Setting.optional(P + "ALLOW_URI",
            ValueTypes.listOf(ValueType.<UriPattern>of("uri pattern", "a URI, `*` matching one path segment and `**` the rest, e.g. spiffe://cluster/ns/search/*", UriPattern::parse)), null,
            "Server mode: client certificate URI SANs (SPIFFE IDs) allowed; `*` matches one path segment, `**` one or more.");
    static final Setting<Boolean> PROXY_PROTOCOL = Setting.optional(P + "PROXY_PROTOCOL", ValueTypes.BOOLEAN, "false",
            "Server mode, tcp: send a PROXY protocol v2 header to the app with the client address, TLS version, cipher, client CN and (TLV 0xE0) URI SAN.");
    static final Setting<Path> CA_FILE = Setting.optional(P + "CA_FILE", ValueTypes.PATH, null,
            "Client mode: PEM bundle trusted for the remote server's certificate; the system trust store when unset.");
    static final Setting<String> SERVER_NAME = Setting.optional(P + "SERVER_NAME", ValueTypes.STRING, null,
            "Client mode: the name sent as SNI and verified in the server certificate; the target's host when unset.");
    static final Setting<Duration> HANDSHAKE_TIMEOUT = Setting.optional(P + "HANDSHAKE_TIMEOUT", ValueTypes.DURATION, "10s",
            "A connection that has not completed its TLS handshake by then is closed.");
    static final Setting<Duration> IDLE_TIMEOUT = Setting.optional(P + "IDLE_TIMEOUT", ValueTypes.DURATION, "5m",
            "A connection with no traffic either way for this long is closed; `0s` disables.");
    static final Setting<Duration> CONNECT_TIMEOUT = Setting.optional(P + "CONNECT_TIMEOUT", ValueTypes.DURATION, "5s",
            "How long connecting to the target may take.");
    static final Setting<Duration> MAX_CONNECTION_LIFETIME = Setting.optional(P + "MAX_CONNECTION_LIFETIME", ValueTypes.DURATION, "0s",
            "Connections older than this are closed (clients reconnect and pick up new certificates); `0s` disables.");
    static final Setting<Integer> MAX_CONNECTIONS = Setting.optional(P + "MAX_CONNECTIONS", ValueTypes.intRange(1, 1_000_000), "1024",
            "Connections accepted at once; further ones are closed at accept and counted.");
    static final Setting<Boolean> READY_REQUIRES_TARGET = Setting.optional(P + "READY_REQUIRES_TARGET", ValueTypes.BOOLEAN, "true",
            "`/readyz` fails while the target does not accept TCP connections.");

    static final Setting<Integer> TARGET_KEEPALIVE = Setting.optional(P + "TARGET_KEEPALIVE", ValueTypes.intRange(0, 100_000), "32",
            "Server mode, http: idle connections to the app kept open per event loop for later requests, like nginx's upstream `keepalive` (a client connection's requests borrow one each, so a client that connects per request does not make the app accept a connection each time); `0` gives every client connection its own.");
    static final Setting<Duration> TARGET_KEEPALIVE_TIMEOUT = Setting.optional(P + "TARGET_KEEPALIVE_TIMEOUT", ValueTypes.DURATION, "60s",
            "Server mode, http: an idle pooled connection to the app is closed after this long; keep it below the app's own keep-alive timeout.");

    static final Image<AmbassadorConfig> IMAGE = new Image<>("tls-ambassador", P, RUNTIME, List.of(
            MODE, PROTOCOL, LISTEN, TARGET, ALLOW_REMOTE_TARGET, TLS_DIR, TLS_SNI_DIRS, TLS_CERT_FILE, TLS_KEY_FILE, TLS_PKCS12_FILE,
            TLS_PKCS12_PASSWORD_FILE, TLS_VERSIONS, TLS_CIPHERS, ALPN, ENGINE, CLIENT_CA_FILE, CLIENT_AUTH, ALLOW_CN,
            ALLOW_DNS, ALLOW_URI, PROXY_PROTOCOL, CA_FILE, SERVER_NAME, HANDSHAKE_TIMEOUT, IDLE_TIMEOUT,
            CONNECT_TIMEOUT, MAX_CONNECTION_LIFETIME, MAX_CONNECTIONS, READY_REQUIRES_TARGET, TARGET_KEEPALIVE,
            TARGET_KEEPALIVE_TIMEOUT),
            AmbassadorConfig::build);

    static AmbassadorConfig fromEnv(Map<String, String> env) {
        return IMAGE.load(env);
    }

    boolean mutualTls() {
        return clientAuth != ClientAuth.NONE;
    }

    /** The settings that only make sense together are checked here, all at once, like the single ones. */
    private static AmbassadorConfig build(ParsedEnv env) {
        List<String> problems = new ArrayList<>();
        Mode mode = env.get(MODE);
        Protocol protocol = env.get(PROTOCOL);
        HostPort listen = env.get(LISTEN);
        HostPort target = env.get(TARGET);
        TlsSource tls = tlsSource(env, problems);
        Path clientCa = env.get(CLIENT_CA_FILE);
        ClientAuth clientAuth = env.optional(CLIENT_AUTH).orElse(clientCa == null ? ClientAuth.NONE : ClientAuth.REQUIRE);
        IdentityPolicy policy = new IdentityPolicy(orEmpty(env.get(ALLOW_CN)), orEmpty(env.get(ALLOW_DNS)),
                orEmpty(env.get(ALLOW_URI)));
        if (mode == Mode.SERVER) {
            if (tls == null && !env.isSet(TLS_SNI_DIRS)) {
                problems.add("server mode needs a certificate: set " + TLS_DIR.name() + " (a mounted kubernetes.io/tls Secret), "
                        + TLS_CERT_FILE.name() + " with " + TLS_KEY_FILE.name() + ", " + TLS_PKCS12_FILE.name()
                        + ", or " + TLS_SNI_DIRS.name());
            }
            if (!target.isLoopback() && !env.get(ALLOW_REMOTE_TARGET)) {
                problems.add(TARGET.name() + ": \"" + target + "\" is not a loopback address; the hop to it is plain text"
                        + " (expected: 127.0.0.1:port, [::1]:port or localhost:port, or set " + ALLOW_REMOTE_TARGET.name() + "=true)");
            }
            if (clientAuth != ClientAuth.NONE && clientCa == null) {
                problems.add(CLIENT_AUTH.name() + ": \"" + ValueTypes.enumOf(ClientAuth.class).render(clientAuth)
                        + "\" needs " + CLIENT_CA_FILE.name() + " (expected: a PEM file of the client CAs)");
            }
            if (clientAuth == ClientAuth.NONE && !policy.isOpen()) {
                problems.add("the allow-lists (" + ALLOW_CN.name() + ", " + ALLOW_DNS.name() + ", " + ALLOW_URI.name()
                        + ") check client certificates: set " + CLIENT_CA_FILE.name() + " and " + CLIENT_AUTH.name() + "=require");
            }
            if (protocol == Protocol.HTTP && env.get(PROXY_PROTOCOL)) {
                problems.add(PROXY_PROTOCOL.name() + ": is for protocol tcp; in http mode the identity is sent as headers");
            }
            if (protocol == Protocol.TCP) {
                for (Setting<?> httpOnly : List.of(TARGET_KEEPALIVE, TARGET_KEEPALIVE_TIMEOUT)) {
                    if (env.isSet(httpOnly)) {
                        problems.add(httpOnly.name() + ": is for " + PROTOCOL.name() + "=http; in tcp mode every client"
                                + " connection has its own connection to the app");
                    }
                }
            }
        } else {
            if (!listen.isLoopback()) {
                problems.add(LISTEN.name() + ": \"" + listen + "\" is not a loopback address; client mode accepts plain text"
                        + " (expected: 127.0.0.1:port, [::1]:port or localhost:port)");
            }
            if (protocol == Protocol.HTTP) {
                problems.add(PROTOCOL.name() + ": \"http\" is for server mode (expected: tcp in client mode)");
            }
            for (Setting<?> serverOnly : List.of(TLS_SNI_DIRS, CLIENT_CA_FILE, CLIENT_AUTH, ALLOW_CN, ALLOW_DNS, ALLOW_URI, PROXY_PROTOCOL,
                    TARGET_KEEPALIVE, TARGET_KEEPALIVE_TIMEOUT)) {
                if (env.isSet(serverOnly)) {
                    problems.add(serverOnly.name() + ": is for server mode only (" + MODE.name() + "=client)");
                }
            }
        }
        Duration keepaliveTimeout = env.get(TARGET_KEEPALIVE_TIMEOUT);
        if (keepaliveTimeout != null && keepaliveTimeout.isZero()) {
            problems.add(TARGET_KEEPALIVE_TIMEOUT.name() + ": \"0s\" would close every pooled connection at once"
                    + " (expected: a duration above 0, e.g. 60s; to turn pooling off set " + TARGET_KEEPALIVE.name() + "=0)");
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        return new AmbassadorConfig(RUNTIME.read(env), mode, protocol, listen, target, tls, orEmpty(env.get(TLS_SNI_DIRS)), env.get(TLS_VERSIONS),
                env.get(TLS_CIPHERS), orEmpty(env.get(ALPN)), env.get(ENGINE), clientCa, clientAuth, policy,
                env.get(PROXY_PROTOCOL), env.get(CA_FILE), env.optional(SERVER_NAME).orElse(target.host()),
                env.get(HANDSHAKE_TIMEOUT), env.get(IDLE_TIMEOUT), env.get(CONNECT_TIMEOUT),
                env.get(MAX_CONNECTION_LIFETIME), env.get(MAX_CONNECTIONS), env.get(READY_REQUIRES_TARGET),
                env.get(TARGET_KEEPALIVE), keepaliveTimeout);
    }

    private static TlsSource tlsSource(ParsedEnv env, List<String> problems) {
        List<TlsSource> sources = new ArrayList<>();
        if (env.isSet(TLS_DIR)) {
            sources.add(new TlsSource.SecretDirectory(env.get(TLS_DIR)));
        }
        if (env.isSet(TLS_CERT_FILE) || env.isSet(TLS_KEY_FILE)) {
            if (env.isSet(TLS_CERT_FILE) && env.isSet(TLS_KEY_FILE)) {
                sources.add(new TlsSource.PemFiles(env.get(TLS_CERT_FILE), env.get(TLS_KEY_FILE), null));
            } else {
                problems.add(TLS_CERT_FILE.name() + " and " + TLS_KEY_FILE.name() + " go together: set both or neither");
            }
        }
        if (env.isSet(TLS_PKCS12_FILE)) {
            sources.add(new TlsSource.Pkcs12(env.get(TLS_PKCS12_FILE), env.get(TLS_PKCS12_PASSWORD_FILE)));
        } else if (env.isSet(TLS_PKCS12_PASSWORD_FILE)) {
            problems.add(TLS_PKCS12_PASSWORD_FILE.name() + ": is set without " + TLS_PKCS12_FILE.name());
        }
        if (sources.size() > 1) {
            problems.add("more than one certificate source is set; choose one of " + TLS_DIR.name() + ", "
                    + TLS_CERT_FILE.name() + "/" + TLS_KEY_FILE.name() + ", " + TLS_PKCS12_FILE.name());
            return null;
        }
        return sources.isEmpty() ? null : sources.getFirst();
    }

    private static ValueType<String> oneOf(String what, List<String> allowed) {
        return ValueType.of(what, "one of " + String.join(", ", allowed), text -> {
            if (!allowed.contains(text)) {
                throw new IllegalArgumentException("is not allowed");
            }
            return text;
        });
    }

    private static String alpnId(String text) {
        if (text.length() > 255 || !text.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            throw new IllegalArgumentException("is not a protocol id");
        }
        return text;
    }

    private static <T> List<T> orEmpty(List<T> list) {
        return list == null ? List.of() : list;
    }
}
