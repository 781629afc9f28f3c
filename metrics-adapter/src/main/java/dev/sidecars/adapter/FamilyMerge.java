package dev.sidecars.adapter;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Merges the families of several JSON sources into one exposition: a family that several sources
 * produce is written once, its samples concatenated, because the text format forbids a family name
 * twice. Whether the sources' families can merge (same type and help) is decided at start-up by
 * {@link #conflicts}; a series that two sources both produce is kept from the first and reported.
 */
final class FamilyMerge {

    /**
     * @param families the merged families, in order of first appearance
     * @param problems for each source (by index), the series and families dropped from it
     */
    record Result(List<Family> families, List<List<String>> problems) {
    }

    /** What a rule declares: the family's type and help, whatever the JSON holds. */
    record Declared(JsonMapping.MetricType type, String help) {
    }

    private FamilyMerge() {
    }

    static Result merge(List<String> sources, List<List<Family>> perSource) {
        if (perSource.size() == 1) {
            // a lone source's families are already distinct and without duplicate series (JsonMapper)
            return new Result(perSource.getFirst(), List.of(List.of()));
        }
        Map<String, FamilyBuilder> merged = new LinkedHashMap<>();
        List<List<String>> problems = new ArrayList<>();
        for (int i = 0; i < perSource.size(); i++) {
            List<String> dropped = new ArrayList<>();
            for (Family family : perSource.get(i)) {
                FamilyBuilder into = merged.computeIfAbsent(family.name(), n -> new FamilyBuilder(family.help(), family.type()));
                if (into.type != family.type() || !into.help.equals(family.help())) {
                    dropped.add(family.name() + " from " + sources.get(i) + " has another type or help than from an earlier source;"
                            + " dropped");
                    continue;
                }
                for (Sample sample : family.samples()) {
                    if (!into.add(sample)) {
                        dropped.add(family.name() + Exposition.labels(sample) + " from " + sources.get(i)
                                + " is also produced by an earlier source; the first is kept");
                    }
                }
            }
            problems.add(List.copyOf(dropped));
        }
        List<Family> families = new ArrayList<>(merged.size());
        merged.forEach((name, b) -> families.add(b.build(name)));
        return new Result(List.copyOf(families), List.copyOf(problems));
    }

    /** Families two sources declare with a different type or help: they could not be written as one. */
    static List<String> conflicts(List<String> sources, List<JsonMapping> mappings) {
        Map<String, Declared> first = new LinkedHashMap<>();
        Map<String, String> firstSource = new LinkedHashMap<>();
        List<String> conflicts = new ArrayList<>();
        for (int i = 0; i < mappings.size(); i++) {
            for (Map.Entry<String, Declared> e : declared(mappings.get(i)).entrySet()) {
                Declared earlier = first.putIfAbsent(e.getKey(), e.getValue());
                if (earlier == null) {
                    firstSource.put(e.getKey(), sources.get(i));
                } else if (!earlier.equals(e.getValue())) {
                    conflicts.add("family " + e.getKey() + " from " + firstSource.get(e.getKey()) + " (" + earlier.type().text
                            + ", help \"" + earlier.help() + "\") and from " + sources.get(i) + " (" + e.getValue().type().text
                            + ", help \"" + e.getValue().help() + "\") differ (expected the same type and help to merge them)");
                }
            }
        }
        return conflicts;
    }

    /** The families a mapping can produce, by name; within one mapping the first rule's type and help win. */
    static Map<String, Declared> declared(JsonMapping mapping) {
        Map<String, Declared> declared = new LinkedHashMap<>();
        for (JsonMapping.Rule rule : mapping.rules()) {
            Declared d = new Declared(rule.type(), rule.help());
            if (rule.kind() == JsonMapping.Kind.VALUE || rule.values().isEmpty()) {
                declared.putIfAbsent(JsonMapper.familyName(rule.name(), rule.type()), d);
            } else {
                rule.values().keySet().forEach(key -> declared.putIfAbsent(JsonMapper.familyName(rule.name() + "_" + key, rule.type()), d));
            }
        }
        return declared;
    }
}
