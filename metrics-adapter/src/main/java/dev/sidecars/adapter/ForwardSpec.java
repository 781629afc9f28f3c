package dev.sidecars.adapter;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import dev.sidecars.common.env.ValueType;

/**
 * One forwarded path, written {@code /health=/metrics} or {@code /health=/metrics;ok=200;fail=503}:
 * requests to {@code path} are answered from the app's {@code upstreamPath}. Without {@code ok} and
 * {@code fail} the app's status is passed on; with them every 200-399 answer becomes {@code ok} and
 * everything else (including no answer) becomes {@code fail}, the shape a health endpoint needs.
 */
record ForwardSpec(String path, String upstreamPath, Integer ok, Integer fail) {

    static final String FORMAT = "a comma-separated list of /path=/upstream-path[;ok=STATUS;fail=STATUS]";

    static final ValueType<List<ForwardSpec>> LIST = ValueType.<List<ForwardSpec>>of("list of forwards", FORMAT, ForwardSpec::parseList,
            specs -> String.join(",", specs.stream().map(ForwardSpec::toString).toList()));

    static List<ForwardSpec> parseList(String text) {
        List<ForwardSpec> specs = new ArrayList<>();
        Set<String> paths = new HashSet<>();
        for (String item : text.split(",")) {
            ForwardSpec spec = parse(item.strip());
            if (!paths.add(spec.path())) {
                throw new IllegalArgumentException("path " + spec.path() + " is forwarded twice");
            }
            specs.add(spec);
        }
        return List.copyOf(specs);
    }

    static ForwardSpec parse(String text) {
        String[] pieces = text.split(";", -1);
        int eq = pieces[0].indexOf('=');
        if (eq < 0) {
            throw new IllegalArgumentException("\"" + text + "\" has no '=' (expected e.g. /health=/metrics)");
        }
        String path = requirePath(pieces[0].substring(0, eq).strip(), text);
        String upstreamPath = requirePath(pieces[0].substring(eq + 1).strip(), text);
        Integer ok = null;
        Integer fail = null;
        for (int i = 1; i < pieces.length; i++) {
            String[] kv = pieces[i].strip().split("=", 2);
            if (kv.length != 2) {
                throw new IllegalArgumentException("option \"" + pieces[i] + "\" is not key=value");
            }
            switch (kv[0]) {
                case "ok" -> ok = StatusRange.parse(kv[1]).from();
                case "fail" -> fail = StatusRange.parse(kv[1]).from();
                default -> throw new IllegalArgumentException("option \"" + kv[0] + "\" is not known (expected ok or fail)");
            }
        }
        if ((ok == null) != (fail == null)) {
            throw new IllegalArgumentException("\"" + text + "\": ok= and fail= go together");
        }
        return new ForwardSpec(path, upstreamPath, ok, fail);
    }

    private static String requirePath(String p, String text) {
        if (!p.startsWith("/")) {
            throw new IllegalArgumentException("\"" + p + "\" in \"" + text + "\" is not a path starting with /");
        }
        return p;
    }

    /** The status to answer with, given the app's status, or -1 when the app did not answer. */
    int map(int upstreamStatus) {
        if (ok != null) {
            return StatusRange.KUBELET.contains(upstreamStatus) ? ok : fail;
        }
        return upstreamStatus < 0 ? 502 : upstreamStatus;
    }

    @Override
    public String toString() {
        return path + "=" + upstreamPath + (ok == null ? "" : ";ok=" + ok + ";fail=" + fail);
    }
}
