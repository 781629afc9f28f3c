package dev.sidecars.common.env;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Markdown table of an image's variables, generated from its {@link EnvSchema}. Each image
 * has a test that the section of its documentation between {@code <!-- env:IMAGE -->} and
 * {@code <!-- /env:IMAGE -->} equals {@link #markdownTable}.
 */
public final class EnvDocs {

    private EnvDocs() {
    }

    public static String markdownTable(EnvSchema schema) {
        StringBuilder sb = new StringBuilder();
        sb.append("| Variable | Type | Default | Description |\n");
        sb.append("|---|---|---|---|\n");
        for (Setting<?> s : schema.settings()) {
            String def = s.required() ? "**required**" : s.defaultValue() == null ? "—" : "`" + s.defaultValue() + "`";
            String description = s.description() + (s.secret() ? " Secret: redacted in logs." : "");
            sb.append("| `").append(s.name()).append("` | ").append(s.type().name()).append(" | ")
                    .append(def).append(" | ").append(description.replace("|", "\\|")).append(" |\n");
        }
        return sb.toString();
    }

    /** The table text between one image's markers in a Markdown page, or {@code null} when the markers are missing. */
    public static String section(String markdown, String image) {
        Matcher m = Pattern.compile("<!-- env:" + Pattern.quote(image) + " -->\n(.*?)<!-- /env:" + Pattern.quote(image) + " -->",
                Pattern.DOTALL).matcher(markdown);
        return m.find() ? m.group(1) : null;
    }
}
