/**
 * Diagnostics: one JSON object per line on stderr ({@code text} on request), through
 * {@code java.util.logging}, so that Netty's and Vert.x's own messages take the same form.
 *
 * <p>Start with {@link dev.sidecars.common.log.Log}, the facade every class uses ({@code message} plus
 * key/value fields). {@link dev.sidecars.common.log.Logging} installs the formatter, and
 * {@link dev.sidecars.common.log.Reasons} gives the one-line reason of an exception. stdout is left to
 * data (the log-tailer's output, the egress proxy's decision lines).
 */
package dev.sidecars.common.log;
