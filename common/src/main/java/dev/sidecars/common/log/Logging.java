package dev.sidecars.common.log;

import java.io.OutputStream;
import java.io.PrintStream;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.StreamHandler;

import io.netty.util.internal.logging.InternalLoggerFactory;
import io.netty.util.internal.logging.JdkLoggerFactory;

/**
 * Routes every log of the process (ours, Netty's, Vert.x's) through java.util.logging to one
 * handler that writes one line per record to stderr. stdout stays free for data: the log-tailer
 * writes the app's lines there.
 */
public final class Logging {

    private Logging() {
    }

    /** Must run before Vert.x or Netty classes are first used, so that they pick java.util.logging. */
    public static void configure(LogFormat format, LogLevel level) {
        configure(format, level, System.err);
    }

    public static void configure(LogFormat format, LogLevel level, OutputStream out) {
        System.setProperty("vertx.logger-delegate-factory-class-name", "io.vertx.core.logging.JULLogDelegateFactory");
        InternalLoggerFactory.setDefaultFactory(JdkLoggerFactory.INSTANCE);
        LogManager.getLogManager().reset();
        Logger root = Logger.getLogger("");
        root.setLevel(level.julLevel());
        root.addHandler(new LineHandler(out, new LogFormatter(format), level.julLevel()));
        // Third-party DEBUG output is noise at our DEBUG; it is still reachable at TRACE.
        Level thirdParty = switch (level) {
            case TRACE -> Level.FINEST;
            case DEBUG -> Level.INFO;
            default -> level.julLevel();
        };
        Logger.getLogger("io.netty").setLevel(thirdParty);
        Logger.getLogger("io.vertx").setLevel(thirdParty);
    }

    /** Flushes after every record: a sidecar's diagnostics must not sit in a buffer when it is killed. */
    private static final class LineHandler extends StreamHandler {
        LineHandler(OutputStream out, LogFormatter formatter, Level level) {
            super(out instanceof PrintStream ps ? ps : new PrintStream(out, true), formatter);
            setLevel(level);
        }

        @Override
        public synchronized void publish(LogRecord record) {
            super.publish(record);
            flush();
        }

        @Override
        public synchronized void close() {
            flush(); // never close stderr
        }
    }
}
