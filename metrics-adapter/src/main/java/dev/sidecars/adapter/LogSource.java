package dev.sidecars.adapter;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * Metrics from an app's log file: the follower's lines feed the counters; the exposition adds the
 * follower's own series ({@code adapter_log_*}, labelled with the file) so a missing or rotating
 * file shows.
 */
final class LogSource implements AutoCloseable {

    private final Endpoints.LogFile spec;
    private final LogCounters counters;
    private final LogFollower follower;

    LogSource(Endpoints.LogFile spec, Clock clock) {
        this.spec = spec;
        this.counters = new LogCounters(spec.counters());
        this.follower = new LogFollower(spec.file(), spec.fromStart(), line -> counters.accept(line, clock.millis()));
    }

    void poll() {
        follower.poll();
    }

    List<Family> families() {
        List<Family> families = new ArrayList<>(counters.families());
        String file = spec.file().toString();
        families.add(family("adapter_log_file_present", "1 when the followed file exists, else 0",
                JsonMapping.MetricType.GAUGE, file, follower.present() ? 1 : 0));
        families.add(family("adapter_log_lines_total", "Lines read from the followed file",
                JsonMapping.MetricType.COUNTER, file, follower.lines()));
        families.add(family("adapter_log_rotations_total", "Times another file appeared at the path (rotation by rename, or recreated)",
                JsonMapping.MetricType.COUNTER, file, follower.rotations()));
        families.add(family("adapter_log_truncations_total", "Times the followed file was truncated (copytruncate) and read again from its start",
                JsonMapping.MetricType.COUNTER, file, follower.truncations()));
        families.add(family("adapter_log_read_errors_total", "Failed looks at the followed file (permission denied, not a file, ...)",
                JsonMapping.MetricType.COUNTER, file, follower.readErrors()));
        return families;
    }

    private static Family family(String name, String help, JsonMapping.MetricType type, String file, double value) {
        return new Family(name, help, type, List.of(new Sample(List.<String[]>of(new String[] {"file", file}), value)));
    }

    @Override
    public void close() {
        follower.close();
    }
}
