package dev.sidecars.adapter;

import java.util.List;

/** One series of a family: label pairs in order, and a value. */
record Sample(List<String[]> labels, double value) {
}
