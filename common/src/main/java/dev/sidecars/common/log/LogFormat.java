package dev.sidecars.common.log;

/** How diagnostics are written: JSON lines for collectors, or text for people at a terminal. */
public enum LogFormat {
    JSON,
    TEXT
}
