package dev.sidecars.common.log;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * The family's logger: a message plus structured fields, written by {@link Logging} as one JSON
 * line. Expected conditions (bad config, refused connection) are logged without a throwable, so no
 * stack trace; pass a throwable only for what is truly unexpected.
 *
 * <pre>log.info("listening", "address", address, "tls", true);</pre>
 */
public final class Log {

    private final Logger logger;

    private Log(Logger logger) {
        this.logger = logger;
    }

    public static Log get(Class<?> type) {
        return new Log(Logger.getLogger(type.getName()));
    }

    public void error(String message, Object... keyValues) {
        log(Level.SEVERE, message, null, keyValues);
    }

    public void error(String message, Throwable unexpected, Object... keyValues) {
        log(Level.SEVERE, message, unexpected, keyValues);
    }

    public void warn(String message, Object... keyValues) {
        log(Level.WARNING, message, null, keyValues);
    }

    public void info(String message, Object... keyValues) {
        log(Level.INFO, message, null, keyValues);
    }

    public void debug(String message, Object... keyValues) {
        log(Level.FINE, message, null, keyValues);
    }

    public boolean isDebugEnabled() {
        return logger.isLoggable(Level.FINE);
    }

    private void log(Level level, String message, Throwable thrown, Object[] keyValues) {
        if (!logger.isLoggable(level)) {
            return;
        }
        LogRecord record = new LogRecord(level, message);
        record.setLoggerName(logger.getName());
        record.setThrown(thrown);
        record.setParameters(new Object[] {Fields.of(keyValues)});
        logger.log(record);
    }

    /** The structured fields of one record, in the order given. */
    public record Fields(Map<String, Object> values) {
        static Fields of(Object... keyValues) {
            if (keyValues.length % 2 != 0) {
                throw new IllegalArgumentException("fields come in key/value pairs");
            }
            Map<String, Object> map = new LinkedHashMap<>();
            for (int i = 0; i < keyValues.length; i += 2) {
                map.put(String.valueOf(keyValues[i]), keyValues[i + 1]);
            }
            return new Fields(map);
        }
    }
}
