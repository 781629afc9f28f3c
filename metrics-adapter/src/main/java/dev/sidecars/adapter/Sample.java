package dev.sidecars.adapter;

import java.util.List;

/** One series of a family: label pairs in order, and a value. */
record Sample(List<String[]> labels, double value) {

    /** The label pairs as one string: two samples with the same key are the same series. */
    String key() {
        StringBuilder key = new StringBuilder();
        for (String[] l : labels) {
            key.append(l[0]).append('\u0000').append(l[1]).append('\u0000');
        }
        return key.toString();
    }
}
