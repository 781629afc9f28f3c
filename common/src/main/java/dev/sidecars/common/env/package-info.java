/**
 * Configuration from environment variables: every variable declared once, parsed and validated with
 * every problem reported at once.
 *
 * <p>Start with {@link dev.sidecars.common.env.Image}, an image's declaration (name, prefix, its
 * {@link dev.sidecars.common.env.Setting}s plus the shared {@link dev.sidecars.common.env.RuntimeSettings}).
 * {@link dev.sidecars.common.env.EnvSchema} parses a map into {@link dev.sidecars.common.env.ParsedEnv} or
 * throws a {@link dev.sidecars.common.env.ConfigException} listing each bad variable with its expected
 * format; the formats (durations, sizes, addresses, lists) are in {@link dev.sidecars.common.env.ValueTypes}.
 * {@link dev.sidecars.common.env.EnvDocs} writes the variable table that each image's doc must hold.
 */
package dev.sidecars.common.env;
