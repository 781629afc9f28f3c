package dev.sidecars.adapter;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import dev.sidecars.common.env.ConfigException;
import dev.sidecars.common.env.HostPort;
import dev.sidecars.common.env.Image;
import dev.sidecars.common.env.ParsedEnv;
import dev.sidecars.common.env.RuntimeSettings;
import dev.sidecars.common.env.Setting;
import dev.sidecars.common.env.ValueType;
import dev.sidecars.common.env.ValueTypes;

/** The metrics-adapter image's settings: every variable is declared here, once. */
record AdapterConfig(RuntimeSettings.Values runtime, HostPort listen, UpstreamUrl upstream,
                     Duration checkTimeout, Duration checkCache, Duration scrapeTimeout, long maxBody,
                     Endpoints endpoints) {

    /** What a JSON mapping does when a value it names is missing from the app's answer. */
    enum MissingValues { SKIP, FAIL }

    /** Where counting starts in an app log that exists when the adapter starts. */
    enum StartFrom { END, START }

    /** How often a followed log file is looked at; also the precision of its last-match timestamps. */
    static final Duration LOG_POLL = Duration.ofSeconds(1);

    private static final RuntimeSettings RUNTIME = RuntimeSettings.longRunning("ADAPTER_", "0.0.0.0:9904");

    private static final ValueType<String> PATH = ValueType.of("path", "an HTTP path starting with /, e.g. /health", text -> {
        if (!text.startsWith("/") || text.chars().anyMatch(c -> c <= ' ' || c == '?' || c == '#')) {
            throw new IllegalArgumentException("is not an HTTP path");
        }
        return text;
    });

    private static final ValueType<UpstreamUrl> URL = ValueType.of("url", UpstreamUrl.FORMAT, text -> {
        try {
            return UpstreamUrl.parse(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("is not valid: " + e.getMessage());
        }
    });

    private static final ValueType<String> PATH_OR_URL = ValueType.of("path or url",
            "a path of the upstream such as /stats, or " + UpstreamUrl.FORMAT, text -> {
                if (!text.startsWith("/")) {
                    UpstreamUrl.parse(text);
                }
                return text;
            });

    static final Setting<HostPort> LISTEN = Setting.optional("ADAPTER_LISTEN", ValueTypes.ADDRESS, "0.0.0.0:9400",
            "Address of the adapted endpoints (health, forwards, static, Prometheus).");
    static final Setting<UpstreamUrl> UPSTREAM = Setting.optional("ADAPTER_UPSTREAM", URL, "http://127.0.0.1:8080",
            "The app, which checks, forwards and the JSON source resolve their paths against.");
    static final Setting<String> HEALTH_PATH = Setting.optional("ADAPTER_HEALTH_PATH", PATH, "/health",
            "Path of the aggregated health endpoint (served when `ADAPTER_HEALTH_CHECK` is set).");
    static final Setting<List<CheckSpec>> HEALTH_CHECK = Setting.optional("ADAPTER_HEALTH_CHECK", CheckSpec.LIST, null,
            "Checks behind the health endpoint, e.g. `http:/metrics`, `http:/status;status=200;body=ok`, "
                    + "`http:/stats;json={.status};value=green|yellow`, `tcp:127.0.0.1:5432`, "
                    + "`file:/shared/app.log;modified=30s`, `file:/shared/app.log;line=READY`; options `timeout=` and `name=` for all.");
    static final Setting<Duration> CHECK_TIMEOUT = Setting.optional("ADAPTER_CHECK_TIMEOUT", ValueTypes.DURATION, "800ms",
            "Default deadline of a check and of a forwarded request; below the kubelet's 1s probe timeout.");
    static final Setting<Duration> CHECK_CACHE = Setting.optional("ADAPTER_CHECK_CACHE", ValueTypes.DURATION, "1s",
            "How long a check's result is reused; concurrent probes always share one run (`0s`: coalesce only).");
    static final Setting<List<ForwardSpec>> FORWARD = Setting.optional("ADAPTER_FORWARD", ForwardSpec.LIST, null,
            "Paths answered from another path of the app, e.g. `/health=/metrics` or `/health=/metrics;ok=200;fail=503`.");
    static final Setting<String> STATIC_PATH = Setting.optional("ADAPTER_STATIC_PATH", PATH, null,
            "Path of a fixed answer, e.g. `/version`.");
    static final Setting<String> STATIC_BODY = Setting.optional("ADAPTER_STATIC_BODY", ValueTypes.STRING, null,
            "Body of the fixed answer (empty when not set).");
    static final Setting<String> STATIC_CONTENT_TYPE = Setting.optional("ADAPTER_STATIC_CONTENT_TYPE", ValueTypes.STRING,
            "text/plain; charset=utf-8", "Content type of the fixed answer.");
    static final Setting<Integer> STATIC_STATUS = Setting.optional("ADAPTER_STATIC_STATUS", ValueTypes.intRange(200, 599),
            "200", "Status of the fixed answer.");
    static final Setting<String> METRICS_PATH = Setting.optional("ADAPTER_METRICS_PATH", PATH, "/metrics",
            "Path of the Prometheus endpoint translated from the app's JSON (served when `ADAPTER_JSON_URL` is set).");
    static final Setting<String> JSON_URL = Setting.optional("ADAPTER_JSON_URL", PATH_OR_URL, null,
            "The app's JSON stats, fetched on every scrape, e.g. `/_cluster/health`.");
    static final Setting<Path> JSON_MAPPING = Setting.optional("ADAPTER_JSON_MAPPING", ValueTypes.PATH, null,
            "YAML file mapping JSONPath to metrics (json_exporter's `metrics:` or `modules:` format); required with `ADAPTER_JSON_URL`.");
    static final Setting<MissingValues> JSON_MISSING = Setting.optional("ADAPTER_JSON_MISSING",
            ValueTypes.enumOf(MissingValues.class), "skip",
            "A mapped value missing from the JSON: `skip` the series (counted), or `fail` the scrape (`adapter_json_up 0`).");
    static final Setting<Duration> SCRAPE_TIMEOUT = Setting.optional("ADAPTER_SCRAPE_TIMEOUT", ValueTypes.DURATION, "5s",
            "Deadline for fetching the JSON on a scrape; keep it below Prometheus' `scrape_timeout`.");
    private static final ValueType<Pattern> REGEX = ValueType.of("regex", "a Java regular expression matched against the whole name",
            text -> {
                try {
                    return Pattern.compile(text);
                } catch (PatternSyntaxException e) {
                    throw new IllegalArgumentException("is not a regular expression: " + e.getDescription());
                }
            }, Pattern::pattern);
    private static final ValueType<String> PREFIX = ValueType.of("prefix", "letters, digits, _ and :, not starting with a digit, e.g. myapp_",
            text -> {
                if (!text.matches("[a-zA-Z_:][a-zA-Z0-9_:]*")) {
                    throw new IllegalArgumentException("is not a metric name prefix");
                }
                return text;
            });

    static final Setting<String> PROM_URL = Setting.optional("ADAPTER_PROM_URL", PATH_OR_URL, null,
            "The app's own Prometheus text, fetched on every scrape and served filtered on `ADAPTER_PROM_PATH`, e.g. `/actuator/prometheus`.");
    static final Setting<String> PROM_PATH = Setting.optional("ADAPTER_PROM_PATH", PATH, "/metrics",
            "Path of the filtered Prometheus text (served when `ADAPTER_PROM_URL` is set).");
    static final Setting<Pattern> PROM_ALLOW = Setting.optional("ADAPTER_PROM_ALLOW", REGEX, null,
            "Only families whose name matches are passed on, e.g. `http_.*|jvm_memory_.*`.");
    static final Setting<Pattern> PROM_DENY = Setting.optional("ADAPTER_PROM_DENY", REGEX, null,
            "Families whose name matches are dropped (after `ADAPTER_PROM_ALLOW`).");
    static final Setting<String> PROM_PREFIX = Setting.optional("ADAPTER_PROM_PREFIX", PREFIX, null,
            "Prefix added to every passed-on name, e.g. `legacyapp_`.");
    static final Setting<Path> CONFIG_FILE = Setting.optional("ADAPTER_CONFIG_FILE", ValueTypes.PATH, null,
            "YAML file declaring any number of endpoints (see below); instead of the `ADAPTER_HEALTH_*`, `ADAPTER_FORWARD`, "
                    + "`ADAPTER_STATIC_*`, `ADAPTER_METRICS_PATH`, `ADAPTER_JSON_*`, `ADAPTER_PROM_*` and `ADAPTER_APP_LOG*` settings.");
    private static final ValueType<Path> ABSOLUTE_PATH = ValueType.of("path", "an absolute file path, e.g. /shared/app.log", text -> {
        if (!text.startsWith("/")) {
            throw new IllegalArgumentException("is not an absolute path");
        }
        return Path.of(text);
    });
    static final Setting<Path> APP_LOG = Setting.optional("ADAPTER_APP_LOG", ABSOLUTE_PATH, null,
            "The app's log file to count lines of (in the shared volume; may not exist yet; followed across rotation and truncation).");
    static final Setting<List<LogCounterSpec>> APP_LOG_COUNT = Setting.optional("ADAPTER_APP_LOG_COUNT", LogCounterSpec.LIST, null,
            "Counters of matching lines, e.g. `timecheck_total=Environment: .* time check`; named groups become labels; required with `ADAPTER_APP_LOG`.");
    static final Setting<String> APP_LOG_PATH = Setting.optional("ADAPTER_APP_LOG_PATH", PATH, "/metrics",
            "Path of the Prometheus endpoint of the log counters (served when `ADAPTER_APP_LOG` is set).");
    static final Setting<StartFrom> APP_LOG_FROM = Setting.optional("ADAPTER_APP_LOG_FROM", ValueTypes.enumOf(StartFrom.class), "end",
            "Lines already in the file at start-up: `end` skips them, `start` counts them too.");
    static final Setting<Long> MAX_BODY = Setting.optional("ADAPTER_MAX_BODY", ValueTypes.SIZE, "4MiB",
            "Largest answer read from the app (checks, forwards, JSON): bounded work per request.");

    static final Image<AdapterConfig> IMAGE = new Image<>("metrics-adapter", "ADAPTER_", RUNTIME,
            List.of(LISTEN, UPSTREAM, HEALTH_PATH, HEALTH_CHECK, CHECK_TIMEOUT, CHECK_CACHE, FORWARD,
                    STATIC_PATH, STATIC_BODY, STATIC_CONTENT_TYPE, STATIC_STATUS,
                    METRICS_PATH, JSON_URL, JSON_MAPPING, JSON_MISSING, SCRAPE_TIMEOUT, PROM_URL, PROM_PATH, PROM_ALLOW, PROM_DENY, PROM_PREFIX,
                    APP_LOG, APP_LOG_COUNT, APP_LOG_PATH, APP_LOG_FROM, CONFIG_FILE, MAX_BODY),
            AdapterConfig::build);

    /** True when no endpoint is configured: the image then only serves its admin port, and says so. */
    boolean servesNothing() {
        return endpoints.isEmpty();
    }

    static AdapterConfig fromEnv(Map<String, String> env) {
        return IMAGE.load(env);
    }

    private static AdapterConfig build(ParsedEnv env) {
        List<String> problems = new ArrayList<>();
        Duration timeout = env.get(CHECK_TIMEOUT);
        if (timeout.isZero() || timeout.compareTo(Duration.ofMinutes(1)) > 0) {
            problems.add(CHECK_TIMEOUT.name() + ": \"" + ValueTypes.formatDuration(timeout)
                    + "\" is out of range (expected a duration from 1ms to 1m, e.g. 800ms)");
        }
        if (env.get(SCRAPE_TIMEOUT).isZero()) {
            problems.add(SCRAPE_TIMEOUT.name() + ": \"0s\" is out of range (expected a duration above 0, e.g. 5s)");
        }
        if (env.get(MAX_BODY) < 1024) {
            problems.add(MAX_BODY.name() + ": \"" + ValueTypes.formatSize(env.get(MAX_BODY))
                    + "\" is too small (expected at least 1KiB, e.g. 4MiB)");
        }
        Endpoints endpoints;
        if (env.isSet(CONFIG_FILE)) {
            for (Setting<?> endpointSetting : List.of(HEALTH_PATH, HEALTH_CHECK, FORWARD, STATIC_PATH, STATIC_BODY,
                    STATIC_CONTENT_TYPE, STATIC_STATUS, METRICS_PATH, JSON_URL, JSON_MAPPING, JSON_MISSING,
                    PROM_URL, PROM_PATH, PROM_ALLOW, PROM_DENY, PROM_PREFIX, APP_LOG, APP_LOG_COUNT, APP_LOG_PATH, APP_LOG_FROM)) {
                if (env.isSet(endpointSetting)) {
                    problems.add(endpointSetting.name() + " is set, but endpoints come from " + CONFIG_FILE.name()
                            + " (expected one or the other: declare the endpoint in the file)");
                }
            }
            endpoints = Endpoints.NONE;
            try {
                endpoints = ConfigFile.load(env.get(CONFIG_FILE));
            } catch (IllegalArgumentException e) {
                e.getMessage().lines().forEach(line -> problems.add(CONFIG_FILE.name() + ": " + line));
            }
        } else {
            endpoints = fromSettings(env, problems);
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        return new AdapterConfig(RUNTIME.read(env), env.get(LISTEN), env.get(UPSTREAM), timeout, env.get(CHECK_CACHE),
                env.get(SCRAPE_TIMEOUT), env.get(MAX_BODY), endpoints);
    }

    /** The simple case: at most one endpoint of each kind besides forwards, all from env vars. */
    private static Endpoints fromSettings(ParsedEnv env, List<String> problems) {
        if (env.isSet(JSON_URL) != env.isSet(JSON_MAPPING)) {
            problems.add(JSON_URL.name() + " and " + JSON_MAPPING.name()
                    + " go together (expected both: the JSON source and the file mapping it to metrics)");
        }
        List<Endpoints.JsonSource> json = new ArrayList<>();
        if (env.isSet(JSON_MAPPING)) {
            try {
                JsonMapping mapping = MappingFile.load(env.get(JSON_MAPPING));
                if (env.isSet(JSON_URL)) {
                    json.add(new Endpoints.JsonSource(env.get(METRICS_PATH), env.get(JSON_URL), mapping,
                            env.get(JSON_MISSING), env.get(JSON_MAPPING)));
                }
            } catch (IllegalArgumentException e) {
                e.getMessage().lines().forEach(line -> problems.add(JSON_MAPPING.name() + ": " + line));
            }
        }
        List<Endpoints.Static> statics = new ArrayList<>();
        if (env.isSet(STATIC_PATH)) {
            statics.add(new Endpoints.Static(env.get(STATIC_PATH), env.get(STATIC_STATUS),
                    env.get(STATIC_CONTENT_TYPE), env.optional(STATIC_BODY).orElse("")));
        } else if (env.isSet(STATIC_BODY) || env.isSet(STATIC_STATUS) || env.isSet(STATIC_CONTENT_TYPE)) {
            problems.add(STATIC_PATH.name() + " is not set, but the other ADAPTER_STATIC_* settings are"
                    + " (expected a path such as /version)");
        }
        List<Endpoints.Health> health = env.isSet(HEALTH_CHECK)
                ? List.of(new Endpoints.Health(env.get(HEALTH_PATH), env.get(HEALTH_CHECK)))
                : List.of();
        List<Endpoints.PromText> promText = List.of();
        if (env.isSet(PROM_URL)) {
            promText = List.of(new Endpoints.PromText(env.get(PROM_PATH), env.get(PROM_URL), env.get(PROM_ALLOW),
                    env.get(PROM_DENY), env.get(PROM_PREFIX)));
        } else if (env.isSet(PROM_PATH) || env.isSet(PROM_ALLOW) || env.isSet(PROM_DENY) || env.isSet(PROM_PREFIX)) {
            problems.add(PROM_URL.name() + " is not set, but the other ADAPTER_PROM_* settings are"
                    + " (expected the app's Prometheus path, e.g. /actuator/prometheus)");
        }
        List<Endpoints.LogFile> logs = List.of();
        if (env.isSet(APP_LOG) && env.isSet(APP_LOG_COUNT)) {
            logs = List.of(new Endpoints.LogFile(env.get(APP_LOG_PATH), env.get(APP_LOG), env.get(APP_LOG_FROM) == StartFrom.START,
                    LOG_POLL, env.get(APP_LOG_COUNT)));
        } else if (env.isSet(APP_LOG) || env.isSet(APP_LOG_COUNT) || env.isSet(APP_LOG_PATH) || env.isSet(APP_LOG_FROM)) {
            problems.add(APP_LOG.name() + " and " + APP_LOG_COUNT.name()
                    + " go together (expected both: the file, e.g. /shared/app.log, and its counters, e.g. timecheck_total=time check)");
        }
        Endpoints endpoints = new Endpoints(health, env.optional(FORWARD).orElse(List.of()), List.copyOf(statics),
                List.copyOf(json), promText, logs);
        for (String p : endpoints.duplicatePaths()) {
            problems.add("path " + p + " is served by two endpoints (health, metrics, static and forwards"
                    + " need distinct paths; expected e.g. ADAPTER_HEALTH_PATH=/healthz)");
        }
        return endpoints;
    }
}
