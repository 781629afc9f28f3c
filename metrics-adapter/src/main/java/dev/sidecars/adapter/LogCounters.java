package dev.sidecars.adapter;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;

/**
 * The counts of one log source: each line is matched against every counter's regex; a match adds 1
 * to the series of its named groups' values and records when it was seen. Label sets beyond a
 * counter's {@code maxLabelValues} are not created but counted in {@code adapter_log_label_overflow_total}.
 * Lines arrive on a worker thread and scrapes read on the event loop, hence the lock.
 */
final class LogCounters {

    private final List<Counted> counters = new ArrayList<>();

    LogCounters(List<LogCounterSpec> specs) {
        for (LogCounterSpec spec : specs) {
            counters.add(new Counted(spec));
        }
    }

    /** Counts one line read at {@code epochMillis}. */
    synchronized void accept(String line, long epochMillis) {
        for (Counted c : counters) {
            Matcher m = c.spec.match().matcher(line);
            if (!m.find()) {
                continue;
            }
            List<String> values = new ArrayList<>(c.spec.labels().size());
            for (String label : c.spec.labels()) {
                String v = m.group(label);
                values.add(v == null ? "" : v);
            }
            long[] count = c.series.get(values);
            if (count == null) {
                if (c.series.size() >= c.spec.maxLabelValues()) {
                    c.overflow++;
                    c.lastMatchMillis = epochMillis;
                    continue;
                }
                count = new long[1];
                c.series.put(List.copyOf(values), count);
            }
            count[0]++;
            c.lastMatchMillis = epochMillis;
        }
    }

    /** The counters, their timestamp gauges and the overflow counts, as exposed. */
    synchronized List<Family> families() {
        List<Family> families = new ArrayList<>();
        List<Sample> overflow = new ArrayList<>();
        for (Counted c : counters) {
            List<Sample> samples = new ArrayList<>();
            for (Map.Entry<List<String>, long[]> e : c.series.entrySet()) {
                List<String[]> labels = new ArrayList<>();
                for (int i = 0; i < c.spec.labels().size(); i++) {
                    labels.add(new String[] {c.spec.labels().get(i), e.getKey().get(i)});
                }
                samples.add(new Sample(labels, e.getValue()[0]));
            }
            families.add(new Family(c.spec.name(), c.spec.help(), JsonMapping.MetricType.COUNTER, samples));
            // no sample before the first match: absent() says "never", a 0 would read as 1970
            families.add(new Family(c.spec.timestampName(), "Unix time at which a line last matched " + c.spec.name()
                    + " (when the adapter read it)", JsonMapping.MetricType.GAUGE,
                    c.lastMatchMillis < 0 ? List.of() : List.<Sample>of(new Sample(List.of(), c.lastMatchMillis / 1000.0))));
            if (!c.spec.labels().isEmpty()) {
                overflow.add(new Sample(List.<String[]>of(new String[] {"counter", c.spec.name()}), c.overflow));
            }
        }
        if (!overflow.isEmpty()) {
            families.add(new Family("adapter_log_label_overflow_total",
                    "Matching lines not counted because their counter already has maxLabelValues label sets",
                    JsonMapping.MetricType.COUNTER, overflow));
        }
        return families;
    }

    private static final class Counted {
        final LogCounterSpec spec;
        /** Label values to count, in first-seen order; the unlabelled counter starts at 0. */
        final Map<List<String>, long[]> series = new LinkedHashMap<>();
        long overflow;
        long lastMatchMillis = -1;

        Counted(LogCounterSpec spec) {
            this.spec = spec;
            if (spec.labels().isEmpty()) {
                series.put(List.of(), new long[1]);
            }
        }
    }
}
