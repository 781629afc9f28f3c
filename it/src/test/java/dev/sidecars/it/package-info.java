/**
 * The built images, pulled from the registry and run as a pod runs them (Testcontainers): read-only
 * root, non-root, dropped capabilities, the manifests' memory limits.
 *
 * <p>One {@code *ImageTest} per image; {@code PodTest} runs all five in one network namespace;
 * {@code ExampleScenariosTest} runs every manifest of {@code examples/} with the pod harness
 * ({@code Manifest}, {@code ManifestPod}, {@code Pod}), and {@code ManifestValidationTest} checks them
 * against each image's declared variables. {@code Images} names the images under test.
 */
package dev.sidecars.it;
