import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassModel;
import java.net.URI;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Checks that every Java class, field and method that the given JNI C sources look up by name
 * ({@code FindClass}, {@code Get[Static]FieldID}, {@code Get[Static]MethodID}, {@code JNU_*ByName})
 * exists in the running JDK's classes (JDK 25). The static JDK libraries are compiled from newer
 * OpenJDK sources; a lookup of a member that only the newer JDK has would fail at run time, so it is
 * reported here, at toolchain build time. Name-and-descriptor level: a member is found if some class
 * of the modules has it.
 *
 * <p>Usage: {@code java JniRefs.java <file.c>...}; exit 1 when something is missing.
 */
public final class JniRefs {
    public static void main(String[] a) throws Exception {
        FileSystem jrt = FileSystems.getFileSystem(URI.create("jrt:/"));
        Set<String> members = new HashSet<>(), classes = new HashSet<>();
        for (String m : List.of("java.base", "jdk.net", "jdk.management", "java.management")) {
            try (Stream<Path> s = Files.walk(jrt.getPath("/modules", m))) {
                for (Path p : s.filter(x -> x.toString().endsWith(".class")).toList()) {
                    ClassModel cm = ClassFile.of().parse(Files.readAllBytes(p));
                    classes.add(cm.thisClass().asInternalName());
                    cm.fields().forEach(f -> members.add(f.fieldName() + " " + f.fieldType()));
                    cm.methods().forEach(mm -> members.add(mm.methodName() + " " + mm.methodType()));
                }
            }
        }
        Pattern member = Pattern.compile("Get(?:Static)?(?:Field|Method)ID\\s*\\([^,;]*,[^,;]*,\\s*\"([^\"]+)\"\\s*,\\s*\"([^\"]+)\"");
        Pattern byName = Pattern.compile("JNU_(?:Call(?:Static)?MethodByName|GetFieldByName|SetFieldByName|GetStaticFieldByName)\\s*\\(((?:\"[^\"]*\"|[^;\"])*)\\)\\s*;");
                Pattern cls = Pattern.compile("FindClass\\s*\\([^,;]*,\\s*\"([^\"]+)\"");
        int n = 0, bad = 0;
        for (String file : a) {
            String src = Files.readString(Path.of(file));
            List<String[]> refs = new java.util.ArrayList<>();
            Matcher m = member.matcher(src);
            while (m.find()) {
                refs.add(new String[]{m.group(1), m.group(2)});
            }
            // JNU_*ByName(env, ..., name, signature): the call's last two arguments, when both are literals
            Matcher b = byName.matcher(src);
            while (b.find()) {
                List<String> argsOfCall = splitArguments(b.group(1));
                if (argsOfCall.size() >= 2) {
                    String name = argsOfCall.get(argsOfCall.size() - 2).trim(), sig = argsOfCall.get(argsOfCall.size() - 1).trim();
                    if (name.matches("\"[^\"]*\"") && sig.matches("\"[^\"]*\"")) {
                        refs.add(new String[]{name.substring(1, name.length() - 1), sig.substring(1, sig.length() - 1)});
                    }
                }
            }
            for (String[] r : refs) {
                n++;
                if (!members.contains(r[0] + " " + r[1])) {
                    bad++;
                    System.err.println("JniRefs: " + file + ": no member " + r[0] + " " + r[1] + " in JDK " + Runtime.version());
                }
            }
            Matcher c = cls.matcher(src);
            while (c.find()) {
                n++;
                String k = c.group(1);
                if (!k.startsWith("[") && !classes.contains(k)) {
                    bad++;
                    System.err.println("JniRefs: " + file + ": no class " + k + " in JDK " + Runtime.version());
                }
            }
        }
        System.err.println("JniRefs: " + n + " JNI lookups by name checked, " + bad + " missing");
        System.exit(bad == 0 ? 0 : 1);
    }

    /** Splits a C argument list at top-level commas (not inside quotes or parentheses). */
    static List<String> splitArguments(String s) {
        List<String> out = new java.util.ArrayList<>();
        int depth = 0, start = 0;
        boolean quoted = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            } else if (!quoted && c == '(') {
                depth++;
            } else if (!quoted && c == ')') {
                depth--;
            } else if (!quoted && depth == 0 && c == ',') {
                out.add(s.substring(start, i));
                start = i + 1;
            }
        }
        out.add(s.substring(start));
        return out;
    }
}
