package dev.sidecars.common.env;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.sidecars.common.log.LogFormat;
import dev.sidecars.common.log.LogLevel;
import dev.sidecars.common.log.Logging;

/**
 * The settings every image shares, under its own prefix: logging for all, and the admin address and
 * drain deadline for the long-running ones.
 */
public final class RuntimeSettings {

    /** The values of the shared settings. {@code adminListen} is null for run-to-completion images. */
    public record Values(HostPort adminListen, LogFormat logFormat, LogLevel logLevel, Duration drainTimeout) {
    }

    private final Setting<HostPort> adminListen;
    private final Setting<LogFormat> logFormat;
    private final Setting<LogLevel> logLevel;
    private final Setting<Duration> drainTimeout;

    private RuntimeSettings(String prefix, String defaultAdminListen) {
        logFormat = Setting.optional(prefix + "LOG_FORMAT", ValueTypes.enumOf(LogFormat.class), "json",
                "Diagnostics format on stderr: `json` lines or `text`.");
        logLevel = Setting.optional(prefix + "LOG_LEVEL", ValueTypes.enumOf(LogLevel.class), "info",
                "Least severe level logged.");
        if (defaultAdminListen == null) {
            adminListen = null;
            drainTimeout = null;
        } else {
            adminListen = Setting.optional(prefix + "ADMIN_LISTEN", ValueTypes.ADDRESS, defaultAdminListen,
                    "Address of the admin server (`/healthz`, `/readyz`, `/metrics`).");
            drainTimeout = Setting.optional(prefix + "DRAIN_TIMEOUT", ValueTypes.DURATION, "25s",
                    "After SIGTERM, how long in-flight work may finish before the process exits; keep it below the pod's `terminationGracePeriodSeconds`.");
        }
    }

    /** For an image that runs until stopped and serves the admin endpoints. */
    public static RuntimeSettings longRunning(String prefix, String defaultAdminListen) {
        return new RuntimeSettings(prefix, defaultAdminListen);
    }

    /** For an image that runs to completion (an init container): logging settings only. */
    public static RuntimeSettings runToCompletion(String prefix) {
        return new RuntimeSettings(prefix, null);
    }

    public List<Setting<?>> settings() {
        List<Setting<?>> all = new ArrayList<>();
        if (adminListen != null) {
            all.add(adminListen);
        }
        all.add(logFormat);
        all.add(logLevel);
        if (drainTimeout != null) {
            all.add(drainTimeout);
        }
        return all;
    }

    public Values read(ParsedEnv env) {
        return new Values(
                adminListen == null ? null : env.get(adminListen),
                env.get(logFormat),
                env.get(logLevel),
                drainTimeout == null ? null : env.get(drainTimeout));
    }

    /**
     * Logging as far as it can be read before validation: an invalid value falls back to the
     * default here only so that the validation errors themselves can be printed; it is still reported.
     */
    public void configureLoggingLeniently(Map<String, String> env) {
        Logging.configure(parseOr(logFormat, env, LogFormat.JSON), parseOr(logLevel, env, LogLevel.INFO));
    }

    private static <T> T parseOr(Setting<T> setting, Map<String, String> env, T fallback) {
        String raw = env.get(setting.name());
        try {
            return raw == null || raw.isBlank() ? fallback : setting.type().parse(raw.strip());
        } catch (IllegalArgumentException e) {
            return fallback;
        }
    }
}
