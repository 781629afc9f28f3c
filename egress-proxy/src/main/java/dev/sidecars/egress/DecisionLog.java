package dev.sidecars.egress;

import java.io.PrintStream;
import java.time.Instant;
import java.util.Map;

import dev.sidecars.common.Json;

/**
 * One JSON line per request or tunnel on stdout: the record of every attempt, separate from the
 * proxy's own diagnostics on stderr, so {@code kubectl logs} shows exactly the egress history.
 */
final class DecisionLog {

    /** Which exchanges are written. */
    enum Level { ALL, DENIED, NONE }

    private final PrintStream out;
    private final Level level;

    DecisionLog(PrintStream out, Level level) {
        this.out = out;
        this.level = level;
    }

    void write(Exchange exchange) {
        if (level == Level.NONE || (level == Level.DENIED && exchange.decision.equals("allow"))) {
            return;
        }
        StringBuilder line = new StringBuilder(256);
        line.append("{\"time\":");
        Json.appendString(line, Instant.now().toString());
        line.append(",\"type\":\"egress\"");
        for (Map.Entry<String, Object> field : exchange.fields().entrySet()) {
            line.append(',');
            Json.appendString(line, field.getKey());
            line.append(':');
            Json.appendValue(line, field.getValue());
        }
        line.append("}\n");
        out.print(line);
        out.flush();
    }
}
