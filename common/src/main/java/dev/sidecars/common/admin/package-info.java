/**
 * The admin server of every long-running image: {@code /healthz}, {@code /readyz} and {@code /metrics}.
 *
 * <p>Start with {@link dev.sidecars.common.admin.AdminServer}. Readiness is the image's registered
 * checks plus "started" and "draining" ({@link dev.sidecars.common.admin.Readiness}); metrics are one
 * Prometheus registry per process with the runtime's and the process's families
 * ({@link dev.sidecars.common.admin.Metrics}). {@link dev.sidecars.common.admin.HttpListener} binds a
 * Vert.x server or fails start-up naming the address.
 */
package dev.sidecars.common.admin;
