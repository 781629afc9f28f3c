package dev.sidecars.common.admin;

/** The outcome of one readiness check, with a reason a person can act on when it failed. */
public record CheckResult(boolean healthy, String reason) {

    public static CheckResult passed() {
        return new CheckResult(true, "");
    }

    public static CheckResult failed(String reason) {
        return new CheckResult(false, reason);
    }
}
