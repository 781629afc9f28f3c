package dev.sidecars.adapter;

/** The result of one check run: healthy or not, a reason a person can act on, and how long it took. */
record Outcome(boolean ok, String reason, long durationMillis) {

    static Outcome ok(String detail, long durationMillis) {
        return new Outcome(true, detail, durationMillis);
    }

    static Outcome failed(String reason, long durationMillis) {
        return new Outcome(false, reason, durationMillis);
    }
}
