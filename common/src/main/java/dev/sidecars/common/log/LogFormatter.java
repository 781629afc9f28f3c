package dev.sidecars.common.log;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.logging.Formatter;
import java.util.logging.LogRecord;

/**
 * Formats one record as one line: JSON ({@code time, level, logger, message, fields…}) or text.
 * Records from Netty and Vert.x carry no fields; their message parameters are expanded.
 */
final class LogFormatter extends Formatter {

    private final LogFormat format;

    LogFormatter(LogFormat format) {
        this.format = format;
    }

    @Override
    public String format(LogRecord record) {
        Map<String, Object> fields = new LinkedHashMap<>();
        String message;
        Object[] params = record.getParameters();
        if (params != null && params.length == 1 && params[0] instanceof Log.Fields f) {
            message = record.getMessage();
            fields.putAll(f.values());
        } else {
            message = formatMessage(record);
        }
        Throwable thrown = record.getThrown();
        if (thrown != null) {
            fields.put("error", thrown.getClass().getName() + ": " + thrown.getMessage());
            StringWriter trace = new StringWriter();
            thrown.printStackTrace(new PrintWriter(trace));
            fields.put("stack", trace.toString());
        }
        String level = LogLevel.nameOf(record.getLevel());
        return format == LogFormat.JSON
                ? json(record.getInstant(), level, record.getLoggerName(), message, fields)
                : text(record.getInstant(), level, record.getLoggerName(), message, fields);
    }

    private static String json(Instant time, String level, String logger, String message, Map<String, Object> fields) {
        StringBuilder sb = new StringBuilder(160);
        sb.append("{\"time\":\"").append(time).append("\",\"level\":\"").append(level).append("\",\"logger\":");
        Json.appendString(sb, String.valueOf(logger));
        sb.append(",\"message\":");
        Json.appendString(sb, String.valueOf(message));
        for (Map.Entry<String, Object> e : fields.entrySet()) {
            sb.append(',');
            Json.appendString(sb, e.getKey());
            sb.append(':');
            Json.appendValue(sb, e.getValue());
        }
        return sb.append("}\n").toString();
    }

    private static String text(Instant time, String level, String logger, String message, Map<String, Object> fields) {
        StringBuilder sb = new StringBuilder(120);
        sb.append(time).append(' ').append(String.format("%-5s", level)).append(' ')
                .append(shortName(logger)).append(": ").append(message);
        String stack = null;
        for (Map.Entry<String, Object> e : fields.entrySet()) {
            if (e.getKey().equals("stack")) {
                stack = String.valueOf(e.getValue());
                continue;
            }
            sb.append(' ').append(e.getKey()).append('=').append(e.getValue());
        }
        sb.append('\n');
        if (stack != null) {
            sb.append(stack);
        }
        return sb.toString();
    }

    private static String shortName(String logger) {
        if (logger == null) {
            return "";
        }
        int dot = logger.lastIndexOf('.');
        return dot < 0 ? logger : logger.substring(dot + 1);
    }
}
