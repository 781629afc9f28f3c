package dev.sidecars.egress;

import java.util.List;

/** Every bad entry of a list at once, so that configuration errors are fixed in one round. */
final class InvalidEntries extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final List<String> problems;

    InvalidEntries(List<String> problems) {
        super(String.join("; ", problems));
        this.problems = List.copyOf(problems);
    }

    /** One message per bad entry, in input order. */
    List<String> problems() {
        return problems;
    }
}
