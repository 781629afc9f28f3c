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
        Pattern byName = Pattern.compile("JNU_(?:Call(?:Static)?MethodByName|GetFieldByName|SetFieldByName|GetStaticFieldByName)\\s*\\([^;]*?\"([^\"]+)\"\\s*,\\s*\"([^\"]+)\"");
        Pattern cls = Pattern.compile("FindClass\\s*\\([^,;]*,\\s*\"([^\"]+)\"");
        int n = 0, bad = 0;
        for (String file : a) {
            String src = Files.readString(Path.of(file));
            for (Pattern p : List.of(member, byName)) {
                Matcher m = p.matcher(src);
                while (m.find()) {
                    n++;
                    if (!members.contains(m.group(1) + " " + m.group(2))) {
                        bad++;
                        System.err.println("JniRefs: " + file + ": no member " + m.group(1) + " " + m.group(2) + " in JDK " + Runtime.version());
                    }
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
}
