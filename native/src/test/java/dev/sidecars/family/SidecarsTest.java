package dev.sidecars.family;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;

class SidecarsTest {

    @Test
    void shouldKnowEveryImageOfTheFamilyByItsImageName() {
        assertEquals(new TreeSet<>(List.of("config-init", "egress-proxy", "log-tailer", "metrics-adapter", "tls-ambassador")),
                new TreeSet<>(Sidecars.IMAGES.keySet()));
    }

    @Test
    void shouldNameTheImagesItKnowsWhenGivenNoneOrAnUnknownOne() {
        assertEquals("no image named: usage: sidecars <image> [args...], where <image> is one of config-init, egress-proxy,"
                + " log-tailer, metrics-adapter, tls-ambassador", Sidecars.usage(null));
        assertTrue(Sidecars.usage("tls-ambasador").startsWith("unknown image \"tls-ambasador\": usage: "), Sidecars.usage("x"));
    }
}
