package dev.sidecars.egress;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import dev.sidecars.common.env.ConfigException;
import dev.sidecars.common.env.HostPort;
import dev.sidecars.common.env.Image;
import dev.sidecars.common.env.ParsedEnv;
import dev.sidecars.common.env.RuntimeSettings;
import dev.sidecars.common.env.Setting;
import dev.sidecars.common.env.ValueType;
import dev.sidecars.common.env.ValueTypes;

/** The egress-proxy image's settings: every variable is declared here, once. */
record EgressConfig(
        RuntimeSettings.Values runtime,
        HostPort listen,
        Mode mode,
        AllowList allowList,
        Path allowFile,
        List<Cidr> allowCidrs,
        Set<Integer> connectPorts,
        Routes routes,
        Duration dnsTimeout,
        Duration connectTimeout,
        Duration idleTimeout,
        int maxConnections,
        int maxTunnels,
        DecisionLog.Level decisionLog) {

    /** {@code enforce} denies; {@code report} logs "would deny" and forwards; {@code open} forwards everything, loudly. */
    enum Mode { ENFORCE, REPORT, OPEN }

    private static final String P = "EGRESS_";

    private static final RuntimeSettings RUNTIME = RuntimeSettings.longRunning(P, "0.0.0.0:9902");

    static final Setting<HostPort> LISTEN = Setting.optional(P + "LISTEN", ValueTypes.ADDRESS, "127.0.0.1:1080",
            "Address the app's `http_proxy` points at. Loopback only unless `EGRESS_ALLOW_NON_LOOPBACK_LISTEN=true`: on the pod IP it would be an open proxy.");
    static final Setting<Boolean> ALLOW_NON_LOOPBACK_LISTEN = Setting.optional(P + "ALLOW_NON_LOOPBACK_LISTEN", ValueTypes.BOOLEAN, "false",
            "Allow `EGRESS_LISTEN` outside loopback (logged as a warning at start).");
    static final Setting<Mode> MODE = Setting.optional(P + "MODE", ValueTypes.enumOf(Mode.class), "enforce",
            "`enforce` refuses what the policy denies with 403; `report` logs `would-deny` and forwards (to trial a policy); `open` forwards everything and warns (debugging only).");
    static final Setting<AllowList> ALLOW = Setting.optional(P + "ALLOW",
            entries("allow-list", "host, *.suffix, host:port or *.suffix:port", AllowList::parse,
                    list -> String.join(",", list.entries())), null,
            "Destinations allowed: `host`, `*.suffix` (subdomains, not the apex) or either with `:port`. Without a port: 80 for HTTP, `EGRESS_CONNECT_PORTS` for CONNECT.");
    static final Setting<Path> ALLOW_FILE = Setting.optional(P + "ALLOW_FILE", ValueTypes.PATH, null,
            "A mounted file with more allow-list entries, one per line (`#` comments); reloaded on change, the old list kept if the new one is invalid.");
    static final Setting<List<Cidr>> ALLOW_CIDRS = Setting.optional(P + "ALLOW_CIDRS",
            entries("cidr list", "address/prefix, such as 10.96.0.0/12", EgressConfig::cidrs,
                    list -> String.join(",", list.stream().map(Cidr::text).toList())), null,
            "Address ranges opened despite the default deny list (loopback, private, link-local, CGNAT, ...), e.g. the cluster's Service CIDR.");
    static final Setting<List<Integer>> CONNECT_PORTS = Setting.optional(P + "CONNECT_PORTS",
            ValueTypes.listOf(ValueTypes.intRange(1, 65535)), "443",
            "Ports `CONNECT` tunnels may reach for allow-list entries without a port.");
    static final Setting<Routes> ROUTES = Setting.optional(P + "ROUTES",
            entries("routes", "local-URL=upstream-URL, such as http://localhost/api=http://numbers-api/rng", Routes::parse,
                    routes -> String.join(",", routes.all().stream().map(r -> r.local() + "=" + r.upstreamUrl()).toList())), null,
            "Local URL prefix = upstream URL, e.g. `http://localhost/api=http://numbers-api/rng`: the app calls the local URL (through the proxy or directly at the listener) and reaches the upstream.");
    static final Setting<Duration> DNS_TIMEOUT = Setting.optional(P + "DNS_TIMEOUT", ValueTypes.DURATION, "5s",
            "How long resolving a destination may take (then `504`).");
    static final Setting<Duration> CONNECT_TIMEOUT = Setting.optional(P + "CONNECT_TIMEOUT", ValueTypes.DURATION, "10s",
            "How long connecting to a destination may take (then `504`).");
    static final Setting<Duration> IDLE_TIMEOUT = Setting.optional(P + "IDLE_TIMEOUT", ValueTypes.DURATION, "5m",
            "A connection or tunnel with no traffic either way for this long is closed; `0s` disables.");
    static final Setting<Integer> MAX_CONNECTIONS = Setting.optional(P + "MAX_CONNECTIONS", ValueTypes.intRange(1, 1_000_000), "1024",
            "App connections open at once; requests on further ones get `503`.");
    static final Setting<Integer> MAX_TUNNELS = Setting.optional(P + "MAX_TUNNELS", ValueTypes.intRange(1, 1_000_000), "512",
            "`CONNECT` tunnels open at once; further ones get `429`.");

    static final Setting<DecisionLog.Level> DECISION_LOG = Setting.optional(P + "DECISION_LOG",
            ValueTypes.enumOf(DecisionLog.Level.class), "all",
            "Which requests get a JSON decision line on stdout: `all`, `denied` (denials and would-denials) or `none`.");

    static final Image<EgressConfig> IMAGE = new Image<>("egress-proxy", P, RUNTIME, List.of(
            LISTEN, ALLOW_NON_LOOPBACK_LISTEN, MODE, ALLOW, ALLOW_FILE, ALLOW_CIDRS, CONNECT_PORTS, ROUTES,
            DNS_TIMEOUT, CONNECT_TIMEOUT, IDLE_TIMEOUT, MAX_CONNECTIONS, MAX_TUNNELS, DECISION_LOG),
            EgressConfig::build);

    static EgressConfig fromEnv(Map<String, String> env) {
        return IMAGE.load(env);
    }

    /** The policy as configured in the environment; the allow-list file, if any, is added by {@link AllowListSource}. */
    EgressPolicy policy(AllowList fileEntries) {
        return new EgressPolicy(allowList.plus(fileEntries), new AddressPolicy(allowCidrs), connectPorts);
    }

    private static EgressConfig build(ParsedEnv env) {
        List<String> problems = new ArrayList<>();
        HostPort listen = env.get(LISTEN);
        if (!listen.isLoopback() && !env.get(ALLOW_NON_LOOPBACK_LISTEN)) {
            problems.add(LISTEN.name() + ": \"" + listen + "\" is not a loopback address; the proxy would be open to"
                    + " anyone who reaches the pod (expected: 127.0.0.1:port or [::1]:port, or set "
                    + ALLOW_NON_LOOPBACK_LISTEN.name() + "=true)");
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        return new EgressConfig(RUNTIME.read(env), listen, env.get(MODE),
                env.optional(ALLOW).orElse(AllowList.empty()), env.get(ALLOW_FILE),
                orEmpty(env.get(ALLOW_CIDRS)), new LinkedHashSet<>(env.get(CONNECT_PORTS)),
                env.optional(ROUTES).orElse(Routes.none()),
                env.get(DNS_TIMEOUT), env.get(CONNECT_TIMEOUT), env.get(IDLE_TIMEOUT), env.get(MAX_CONNECTIONS),
                env.get(MAX_TUNNELS), env.get(DECISION_LOG));
    }

    /**
     * A comma-separated list parsed as a whole, so that every bad entry is named in one message
     * (the entries' own messages say what each should look like).
     */
    private static <T> ValueType<T> entries(String name, String expected, Function<List<String>, T> parser,
                                            Function<T, String> renderer) {
        return ValueType.of(name, "a comma-separated list, each item " + expected, text -> {
            List<String> items = Arrays.stream(text.split(",")).map(String::strip).filter(item -> !item.isEmpty()).toList();
            try {
                return parser.apply(items);
            } catch (InvalidEntries e) {
                throw new IllegalArgumentException("has " + e.problems().size() + " bad "
                        + (e.problems().size() == 1 ? "entry" : "entries") + ": " + String.join("; ", e.problems()));
            }
        }, renderer);
    }

    private static List<Cidr> cidrs(List<String> items) {
        List<Cidr> ranges = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (String item : items) {
            try {
                ranges.add(Cidr.parse(item));
            } catch (IllegalArgumentException e) {
                problems.add(e.getMessage());
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidEntries(problems);
        }
        return List.copyOf(ranges);
    }

    private static <T> List<T> orEmpty(List<T> list) {
        return list == null ? List.of() : list;
    }
}
