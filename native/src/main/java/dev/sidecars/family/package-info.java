/**
 * The family as one executable, the entry point of the native images: {@link dev.sidecars.family.Sidecars}
 * dispatches {@code sidecars <image>} to that image's {@code main}. The native-image metadata the
 * family needs beyond its jars' own is in this module's {@code META-INF/native-image}.
 */
package dev.sidecars.family;
