package dev.sidecars.adapter;

import java.util.List;

import io.vertx.core.json.DecodeException;

/** Decides whether an HTTP answer passes a check: status range, then body regex, then JSON condition. */
final class HttpJudge {

    private HttpJudge() {
    }

    static Verdict judge(CheckSpec spec, int status, String body) {
        if (!spec.status().contains(status)) {
            return new Verdict(false, "status " + status + " (expected " + spec.status() + ")");
        }
        if (spec.body() != null && !spec.body().matcher(body).find()) {
            return new Verdict(false, "body mismatch: no match for /" + spec.body().pattern() + "/");
        }
        if (spec.json() != null) {
            Object document;
            try {
                document = JsonDocuments.parse(body);
            } catch (DecodeException e) {
                return new Verdict(false, "body is not JSON: " + JsonDocuments.shortReason(e));
            }
            List<JsonPath.Node> found = spec.json().select(new JsonPath.Node(document, null));
            if (found.isEmpty() || found.getFirst().value() == null) {
                return new Verdict(false, "json " + spec.json() + " not found");
            }
            String value = JsonPath.text(found.getFirst().value());
            if (spec.jsonValue() != null && !spec.jsonValue().matcher(value).matches()) {
                return new Verdict(false, "json " + spec.json() + " is \"" + abbreviate(value) + "\" (expected /"
                        + spec.jsonValue().pattern() + "/)");
            }
            return new Verdict(true, "status " + status + ", " + spec.json() + " is \"" + abbreviate(value) + "\"");
        }
        return new Verdict(true, "status " + status);
    }

    private static String abbreviate(String s) {
        return s.length() <= 64 ? s : s.substring(0, 61) + "...";
    }
}
