/**
 * What every image of the family shares, and the skeleton of a long-running image's {@code main}.
 *
 * <p>Start with {@link dev.sidecars.common.Sidecar#run}: load the config or exit 78
 * ({@link dev.sidecars.common.Startup}), serve the admin endpoints, let the image wire its work, mark
 * ready, and on SIGTERM drain ({@link dev.sidecars.common.Lifecycle}, {@link dev.sidecars.common.Drainable})
 * and exit. Every exit status is in {@link dev.sidecars.common.ExitCodes}.
 *
 * <p>The rooms, one concern each:
 * <ul>
 *   <li>{@code env}: declared variables, their formats and validation, the config of an image;</li>
 *   <li>{@code log}: JSON log lines on stderr;</li>
 *   <li>{@code admin}: {@code /healthz}, {@code /readyz}, {@code /metrics};</li>
 *   <li>{@code relay}: the TCP listener and the byte relay of the ambassador and the egress proxy;</li>
 *   <li>{@code tls}: certificates and keys from mounted Secrets, and their reload;</li>
 *   <li>{@code follow}: following log files across rotation, with saved offsets.</li>
 * </ul>
 */
package dev.sidecars.common;
