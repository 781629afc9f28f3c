package dev.sidecars.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The harness itself, and the family's port table: every image on its default ports in one pod. */
@ExtendWith(RequiresDocker.class)
class PodTest {

    @Test
    void shouldRunAllImagesInOnePodOnTheirDefaultPorts(@TempDir Path scratch) throws Exception {
        List<MinimalSetup> setups = new ArrayList<>();
        try (Pod pod = new Pod("all")) {
            var shared = pod.emptyDir("shared");
            pod.initContainer("config", Images.CONFIG_INIT).mount(shared, "/shared", false);
            for (Images image : Images.longRunning()) {
                PodContainer c = pod.container(image.artifact, image).mount(shared, "/shared", true);
                setups.add(MinimalSetup.apply(image, c, scratch));
            }
            pod.start(Duration.ofSeconds(30));
            for (PodContainer c : pod.containers()) {
                Images image = Images.valueOf(c.name().toUpperCase().replace('-', '_'));
                c.awaitHttpOk(image.adminPort, "/readyz", Duration.ofSeconds(30));
            }
        } finally {
            for (MinimalSetup setup : setups) {
                setup.close();
            }
        }
    }

    @Test
    void shouldNotStartThePodWhenAnInitContainerFails() throws Exception {
        try (Pod pod = new Pod("failing-init")) {
            pod.initContainer("config", Images.CONFIG_INIT).env("CONFIG_INIT_LOG_LEVEL", "shouty");
            PodContainer app = pod.container("tailer", Images.LOG_TAILER);
            Pod.PodStartException e = assertThrows(Pod.PodStartException.class, () -> pod.start(Duration.ofSeconds(30)));
            assertEquals("config", e.container);
            assertEquals(78, e.status);
            assertTrue(e.getMessage().contains("CONFIG_INIT_LOG_LEVEL"), "the failing init container's logs are shown: " + e.getMessage());
            assertNull(app.id(), "the app container must never have been created");
        }
    }
}
