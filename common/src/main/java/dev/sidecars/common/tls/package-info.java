/**
 * TLS material from mounted Secrets, and its hot reload.
 *
 * <p>{@link dev.sidecars.common.tls.TlsMaterialLoader} reads a key and chain (PEM in PKCS#8, PKCS#1 or
 * SEC1; or PKCS#12) and CA bundles into {@link dev.sidecars.common.tls.TlsMaterial}, checking that key
 * and certificate belong together. <b>The reload</b> is {@link dev.sidecars.common.tls.Reloader}: it
 * watches the Secret's directory (the kubelet swaps a {@code ..data} symlink), keeps the old material in
 * service when a new pair is broken, and counts each result; {@link dev.sidecars.common.tls.CertificateMetrics}
 * exports the expiry.
 */
package dev.sidecars.common.tls;
