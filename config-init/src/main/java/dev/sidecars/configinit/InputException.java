package dev.sidecars.configinit;

import java.util.List;

/** Input that cannot be merged: a malformed file, an unresolved placeholder, a type conflict. Every problem at once. */
final class InputException extends RuntimeException {

    private final List<String> problems;

    InputException(String problem) {
        this(List.of(problem));
    }

    InputException(List<String> problems) {
        super(String.join("\n", problems), null, false, false);
        this.problems = List.copyOf(problems);
    }

    List<String> problems() {
        return problems;
    }
}
