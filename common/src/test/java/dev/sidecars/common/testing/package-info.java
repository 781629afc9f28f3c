/**
 * Test helpers shared by every module through common's test jar: real peers run as processes
 * ({@link dev.sidecars.common.testing.Cli}: curl; {@link dev.sidecars.common.testing.OpenSsl}: per-run
 * certificates and {@code s_client}; {@link dev.sidecars.common.testing.Promtool}: {@code promtool check
 * metrics}), a kubelet-style Secret volume ({@link dev.sidecars.common.testing.SecretVolume}), and the
 * check that each image's doc holds its generated variable table.
 */
package dev.sidecars.common.testing;
