package dev.sidecars.adapter;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.nio.channels.ClosedChannelException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.util.Locale;
import java.util.concurrent.TimeoutException;

import io.netty.channel.ConnectTimeoutException;
import io.vertx.core.http.HttpClosedException;

/** Turns an I/O failure into the short reason a health body or a log line shows. */
final class FailureReasons {

    private FailureReasons() {
    }

    static String of(Throwable t) {
        Throwable cause = t;
        while (cause.getCause() != null && cause.getCause() != cause
                && !(cause instanceof TimeoutException) && !(cause instanceof ConnectException)) {
            cause = cause.getCause();
        }
        String message = cause.getMessage() == null ? "" : cause.getMessage();
        String lower = message.toLowerCase(Locale.ROOT);
        return switch (cause) {
            case TimeoutException e -> message.isEmpty() ? "timeout" : message;
            case ConnectTimeoutException e -> "timeout connecting";
            case ConnectException e when lower.contains("refused") -> "connection refused";
            case ConnectException e when lower.contains("timed out") -> "timeout connecting";
            case NoRouteToHostException e -> "no route to host";
            case UnknownHostException e -> "unknown host " + message;
            case NoSuchFileException e -> "no such file " + message;
            case AccessDeniedException e -> "permission denied " + message;
            case HttpClosedException e -> "connection closed by upstream";
            case ClosedChannelException e -> "connection closed by upstream";
            default -> lower.contains("connection reset") ? "connection reset"
                    : lower.contains("refused") ? "connection refused"
                    : message.isEmpty() ? cause.getClass().getSimpleName() : message;
        };
    }
}
