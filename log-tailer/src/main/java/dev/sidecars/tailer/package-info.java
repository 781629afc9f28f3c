/**
 * The log-tailer image: follows the log files the app writes into a shared volume and writes their
 * lines to stdout, across rotation, losing nothing.
 *
 * <p>Start with {@code TailerMain} and {@code TailerConfig} (every variable). The following itself is
 * common's {@code follow} package; this image adds its end of it: {@code StdoutSink} formats records
 * ({@code RecordFormatter}, multiline joining in {@code MultilineAssembler}) into one buffered
 * {@code Output}, and {@code TailerMetrics} counts per path.
 */
package dev.sidecars.tailer;
