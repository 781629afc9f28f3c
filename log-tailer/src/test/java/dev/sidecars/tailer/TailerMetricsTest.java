package dev.sidecars.tailer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.function.LongSupplier;

import dev.sidecars.common.follow.FileMeters;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

/** What the follower reports becomes the meters the README lists, labelled with the followed path. */
class TailerMetricsTest {

    private static final String FILE = "/logs/app.log";

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final TailerMetrics metrics = new TailerMetrics(registry);

    @Test
    void shouldCountWhatTheFollowerReportsPerFile() {
        FileMeters m = metrics.file(FILE);
        m.read(3, 30);
        m.rotated();
        m.truncated();
        m.longLines(2, 1);
        assertEquals(3.0, counter("tailer.lines"));
        assertEquals(30.0, counter("tailer.read"));
        assertEquals(1.0, counter("tailer.rotations"));
        assertEquals(1.0, counter("tailer.truncations"));
        assertEquals(2.0, registry.find("tailer.long.lines").tag("file", FILE).tag("action", "truncated").counter().count());
        assertEquals(1.0, registry.find("tailer.long.lines").tag("file", FILE).tag("action", "skipped").counter().count());
    }

    @Test
    void shouldShowTheLagOfTheFileNowAtThePathUntilItIsClosed() {
        FileMeters m = metrics.file(FILE);
        LongSupplier rotated = () -> 100;
        LongSupplier current = () -> 7;
        m.lagFrom(rotated);
        assertEquals(100.0, lag());
        m.lagFrom(current); // the new file at the path takes over
        m.lagEnded(rotated); // the rotated one closed after that: the new one's lag stays
        assertEquals(7.0, lag());
        m.lagEnded(current);
        assertEquals(0.0, lag());
    }

    @Test
    void shouldGiveEveryFileAtOnePathTheSameMetersAndCountTheFilesFollowed() {
        assertSame(metrics.file(FILE), metrics.file(FILE));
        metrics.followed(3);
        assertEquals(3.0, registry.find("tailer.files.followed").gauge().value());
    }

    private double counter(String name) {
        return registry.find(name).tag("file", FILE).counter().count();
    }

    private double lag() {
        return registry.find("tailer.lag").tag("file", FILE).gauge().value();
    }
}
