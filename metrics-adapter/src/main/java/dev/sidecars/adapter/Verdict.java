package dev.sidecars.adapter;

/** A check's decision and its reason, which the health body shows. */
record Verdict(boolean ok, String reason) {
}
