package dev.sidecars.adapter;

/** An inclusive range of HTTP status codes written {@code 200-399} or {@code 200}. */
record StatusRange(int from, int to) {

    /** What the kubelet counts as success. */
    static final StatusRange KUBELET = new StatusRange(200, 399);

    static StatusRange parse(String text) {
        String[] parts = text.strip().split("-", -1);
        if (parts.length > 2) {
            throw new IllegalArgumentException("\"" + text + "\" is not a status range (expected e.g. 200-399 or 200)");
        }
        int from = status(parts[0], text);
        int to = parts.length == 2 ? status(parts[1], text) : from;
        if (from > to) {
            throw new IllegalArgumentException("status range \"" + text + "\" ends before it starts");
        }
        return new StatusRange(from, to);
    }

    private static int status(String s, String text) {
        try {
            int code = Integer.parseInt(s.strip());
            if (code >= 100 && code <= 599) {
                return code;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("\"" + text + "\" is not a status range (expected e.g. 200-399 or 200, codes 100-599)");
    }

    boolean contains(int status) {
        return status >= from && status <= to;
    }

    @Override
    public String toString() {
        return from == to ? Integer.toString(from) : from + "-" + to;
    }
}
