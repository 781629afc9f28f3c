package dev.sidecars.it;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.testcontainers.images.builder.ImageFromDockerfile;

/**
 * App images that cannot be pulled here are replaced by one small local image: Debian's static
 * busybox (package busybox-static) with its applets installed, a world-writable /tmp and a few
 * canned files in /www. Each app image maps to the command the stand-in runs in its place; a
 * container whose manifest gives a command keeps it. The table is printed in the test output.
 */
final class ExampleStandIns {

    static final String IMAGE_NAME = "sidecars-it/example-standin";

    /** app image → the stand-in's command (null: the manifest's own command, run by busybox). */
    static final Map<String, List<String>> TABLE = new LinkedHashMap<>();

    static {
        TABLE.put("docker.elastic.co/elasticsearch/elasticsearch:8.15.3", sh(
                "mkdir -p /tmp/www/_cluster"
                        + " && echo '{\"cluster_name\":\"docker-cluster\",\"status\":\"green\",\"number_of_nodes\":1}' > /tmp/www/_cluster/health"
                        + " && echo '{\"name\":\"stand-in\",\"tagline\":\"You Know, for Search\"}' > /tmp/www/index.html"
                        + " && echo '{\"log.level\":\"INFO\",\"message\":\"stand-in started\",\"service.name\":\"ES_ECS\"}'"
                        + " >> /usr/share/elasticsearch/logs/docker-cluster_server.json"
                        + " && exec httpd -f -p 127.0.0.1:9201 -h /tmp/www"));
        TABLE.put("busybox:1.36", null);
        TABLE.put("kiamol/ch07-timecheck", sh(
                "while true; do"
                        + " env=$(sed -n 's/.*\"Environment\" *: *\"\\([^\"]*\\)\".*/\\1/p' /config/appsettings.json);"
                        + " echo \"$(date -u +%Y-%m-%dT%H:%M:%SZ) Environment: $env time check\" >> /logs/timecheck.log;"
                        + " sleep 1; done"));
        TABLE.put("kiamol/ch03-numbers-web", List.of("httpd", "-f", "-p", "80", "-h", "/www"));
        TABLE.put("registry.example.com/team/orders:1.0", List.of("httpd", "-f", "-p", "8080", "-h", "/www"));
        TABLE.put("registry.example.com/team/legacy-app:1.0", sh(
                "mkdir -p /tmp/www && cp /config/app.json /tmp/www/config.json"
                        + " && echo 'app_up 1' > /tmp/www/metrics && echo '{\"requests\": 7}' > /tmp/www/stats"
                        + " && httpd -p 127.0.0.1:8080 -h /tmp/www"
                        + " && i=0; while true; do i=$((i+1)); echo \"legacy-app served request $i\" >> /logs/app.log; sleep 1; done"));
    }

    private ExampleStandIns() {
    }

    private static List<String> sh(String script) {
        return List.of("sh", "-c", script);
    }

    static boolean covers(String appImage) {
        return TABLE.containsKey(appImage);
    }

    /** The command the stand-in runs for this container, or the manifest's own. */
    static List<String> command(String appImage, List<String> manifestCommand, List<String> manifestArgs) {
        if (!manifestCommand.isEmpty() || !manifestArgs.isEmpty() || TABLE.get(appImage) == null) {
            List<String> all = new java.util.ArrayList<>(manifestCommand);
            all.addAll(manifestArgs);
            return all;
        }
        return TABLE.get(appImage);
    }

    private static ImageFromDockerfile image;

    /** Built once per run (Docker's cache makes later runs instant). */
    static synchronized ImageFromDockerfile image() {
        if (image == null) {
            image = build();
        }
        return image;
    }

    private static ImageFromDockerfile build() {
        Path busybox = Path.of("/bin/busybox");
        if (!Files.isExecutable(busybox)) {
            throw new AssertionError("the app stand-ins need Debian's busybox-static (/bin/busybox)");
        }
        return new ImageFromDockerfile(IMAGE_NAME, false)
                .withFileFromPath("busybox", busybox)
                .withFileFromString("www/index.html", "stand-in app\n")
                .withFileFromString("www/healthz", "ok\n")
                .withFileFromString("www/rng", "42\n")
                .withDockerfileFromBuilder(b -> b.from("scratch")
                        .copy("busybox", "/bin/busybox")
                        .run("[\"/bin/busybox\", \"--install\", \"-s\", \"/bin\"]")
                        .run("[\"/bin/busybox\", \"mkdir\", \"-m\", \"1777\", \"/tmp\"]")
                        .copy("www", "/www")
                        .env("PATH", "/bin")
                        .user("65532:65532")
                        .build());
    }

    /** The substitution table, as printed before the scenarios run. */
    static String describe() {
        StringBuilder out = new StringBuilder("App images replaced by the busybox-static stand-in " + IMAGE_NAME + ":\n");
        TABLE.forEach((image, command) -> out.append("  ").append(image).append(" -> ")
                .append(command == null ? "(the manifest's command)" : String.join(" ", command)).append('\n'));
        out.append("  privileged init containers -> not run (they change the node)\n");
        out.append("  cert-manager Certificate -> its Secret made with openssl (CA + leaf)\n");
        return out.toString();
    }
}
