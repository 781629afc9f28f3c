package dev.sidecars.it;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.testcontainers.DockerClientFactory;

/**
 * Container tests need a Docker engine. Without one they are skipped with the reason, except under
 * {@code CI=true}, where a missing engine is a failure: CI must never pass by skipping them.
 */
final class RequiresDocker implements BeforeAllCallback {

    @Override
    public void beforeAll(ExtensionContext context) {
        if (DockerClientFactory.instance().isDockerAvailable()) {
            return;
        }
        String reason = "no Docker engine is reachable (start one: images/registry/start.sh)";
        if ("true".equals(System.getenv("CI"))) {
            throw new AssertionError("CI=true requires the container tests to run, but " + reason);
        }
        Assumptions.abort("skipped: " + reason);
    }
}
