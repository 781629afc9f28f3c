package dev.sidecars.configinit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Text templates: any text file rendered with the placeholder rules, line by line so that an error
 * names the file, line and column. All templates render before any is written, so a failure writes nothing.
 */
final class Templates {

    private Templates() {
    }

    /** Renders a whole text; problems name {@code origin:line:column}. */
    static String render(String text, String origin, Placeholders placeholders, List<String> problems) {
        if (!Placeholders.mayContain(text)) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length());
        int line = 1;
        int start = 0;
        while (start <= text.length()) {
            int nl = text.indexOf('\n', start);
            int end = nl < 0 ? text.length() : nl + 1;
            int lineNo = line;
            out.append(placeholders.render(text.substring(start, end), column -> origin + ":" + lineNo + ":" + (column + 1), problems).text());
            if (nl < 0) {
                break;
            }
            start = end;
            line++;
        }
        return out.toString();
    }

    /** A rendered template, not yet written. */
    record Output(Path target, String text, Set<PosixFilePermission> mode) {
    }

    /** Renders a file, or every regular non-hidden file of a directory, for {@code outputDir}; writes nothing. */
    static List<Output> renderAll(Path source, Path outputDir, Map<String, Set<PosixFilePermission>> modes,
                                Set<PosixFilePermission> defaultMode, Placeholders placeholders) {
        List<Path> files = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        if (Files.isDirectory(source)) {
            try (Stream<Path> list = Files.list(source)) {
                list.filter(f -> !f.getFileName().toString().startsWith(".")).filter(Files::isRegularFile).sorted().forEach(files::add);
            } catch (IOException e) {
                throw new InputException(source + ": cannot list the templates: " + e.getMessage());
            }
        } else if (Files.isRegularFile(source)) {
            files.add(source);
        } else {
            throw new InputException(source + ": no such template file or directory");
        }
        for (String name : modes.keySet()) {
            if (files.stream().noneMatch(f -> f.getFileName().toString().equals(name))) {
                problems.add("CONFIG_INIT_TEMPLATE_MODES: " + name + " is not one of the templates in " + source);
            }
        }
        Map<Path, String> rendered = new LinkedHashMap<>();
        for (Path f : files) {
            try {
                rendered.put(f, render(Inputs.readText(f), f.toString(), placeholders, problems));
            } catch (InputException e) {
                problems.addAll(e.problems());
            }
        }
        if (!problems.isEmpty()) {
            throw new InputException(problems);
        }
        List<Output> outputs = new ArrayList<>();
        rendered.forEach((f, text) -> {
            String name = f.getFileName().toString();
            outputs.add(new Output(outputDir.resolve(name), text, modes.getOrDefault(name, defaultMode)));
        });
        return outputs;
    }
}
