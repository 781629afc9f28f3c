package dev.sidecars.adapter;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Collects one family's samples, refusing a second series with the same labels: the text format forbids it. */
final class FamilyBuilder {

    final String help;
    final JsonMapping.MetricType type;
    private final List<Sample> samples = new ArrayList<>();
    private final Set<String> seen = new HashSet<>();

    FamilyBuilder(String help, JsonMapping.MetricType type) {
        this.help = help;
        this.type = type;
    }

    /** False, and the sample left out, when a sample with the same labels is already in. */
    boolean add(Sample sample) {
        if (!seen.add(sample.key())) {
            return false;
        }
        samples.add(sample);
        return true;
    }

    Family build(String name) {
        return new Family(name, help, type, List.copyOf(samples));
    }
}
