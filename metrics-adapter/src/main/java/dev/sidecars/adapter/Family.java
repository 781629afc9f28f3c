package dev.sidecars.adapter;

import java.util.List;

/**
 * One metric family as exposed. {@code name} is the family name as written in the text format
 * (counters end in {@code _total} there); OpenMetrics strips that suffix from the family.
 */
record Family(String name, String help, JsonMapping.MetricType type, List<Sample> samples) {
}
