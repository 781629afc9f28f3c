import java.io.IOException;
import java.lang.classfile.Annotation;
import java.lang.classfile.AnnotationValue;
import java.lang.classfile.Attributes;
import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassModel;
import java.lang.classfile.MethodModel;
import java.lang.constant.ClassDesc;
import java.lang.constant.MethodTypeDesc;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.zip.ZipFile;

/**
 * Generates the C headers of our GraalVM C helpers from the {@code @CStruct}, {@code @CField},
 * {@code @CConstant}, {@code @CFunction} and {@code @CLibrary} metadata in svm.jar, so that the
 * headers always match the builder jar they are used with (nothing is copied from GraalVM's own
 * headers; the jar is the contract).
 *
 * <p>Usage: {@code java CHeaderGen.java <svm.jar> <out-include-dir> <symbols-file>}
 *
 * <p>Writes:
 * <ul>
 *   <li>{@code amd64cpufeatures.h}, {@code aarch64cpufeatures.h}, {@code riscv64cpufeatures.h}: the
 *       {@code CPUFeatures} struct of each architecture (one byte per feature, in the jar's order),
 *       an X-macro {@code SVM_CPUFEATURES(X)} listing the feature names, and the prototypes of that
 *       architecture's CPU-feature functions. The builder includes these (via the
 *       {@code *LibCHelperDirectives}) to compute the field offsets it bakes into the image.</li>
 *   <li>{@code svm_locale.h}: {@code svm_locale_props_t} and the {@code SVM_LOCALE_INITIALIZATION_*}
 *       constants the builder queries.</li>
 *   <li>{@code svm_cfunctions.h}: prototypes of every symbol listed in the symbols file (the C
 *       functions our helpers define), derived from the Java signatures in the jar, so that a
 *       drifted signature is a compile error in our C code.</li>
 * </ul>
 *
 * <p>It fails (exit 1) when a listed symbol is not a {@code @CFunction} in the jar, or when a
 * {@code @CFunction} of one of our libraries ({@code @CLibrary} libchelper, svm_container, jvm),
 * applicable to Linux/AMD64, is missing from the symbols file: a new builder version that needs a
 * function we do not provide is reported here, not at the first link.
 */
public final class CHeaderGen {

    private static final String CFUNCTION = "Lorg/graalvm/nativeimage/c/function/CFunction;";
    private static final String CLIBRARY = "Lorg/graalvm/nativeimage/c/function/CLibrary;";
    private static final String CSTRUCT = "Lorg/graalvm/nativeimage/c/struct/CStruct;";
    private static final String CFIELD = "Lorg/graalvm/nativeimage/c/struct/CField;";
    private static final String CCONSTANT = "Lorg/graalvm/nativeimage/c/constant/CConstant;";
    private static final String PLATFORMS = "Lorg/graalvm/nativeimage/Platforms;";
    private static final Set<String> OUR_LIBRARIES = Set.of("libchelper", "svm_container", "jvm");

    /** Values of the {@code @CConstant}s in our headers: our choice, the builder reads them back. */
    private static final Map<String, String> CONSTANT_VALUES = Map.of(
            "SVM_LOCALE_INITIALIZATION_SUCCEEDED", "0",
            "SVM_LOCALE_INITIALIZATION_OUT_OF_MEMORY", "1");

    record CFunc(String owner, String symbol, MethodTypeDesc type, String library, List<String> platforms) {}

    private final Map<String, ClassModel> classes = new TreeMap<>();
    private final List<CFunc> functions = new ArrayList<>();

    public static void main(String[] args) throws IOException {
        if (args.length != 3) {
            System.err.println("usage: CHeaderGen <svm.jar> <out-include-dir> <symbols-file>");
            System.exit(2);
        }
        CHeaderGen gen = new CHeaderGen();
        gen.load(Path.of(args[0]));
        Path out = Path.of(args[1]);
        Files.createDirectories(out);
        List<String> problems = new ArrayList<>();
        gen.writeCpuFeatures(out, "amd64", "com/oracle/svm/core/amd64/AMD64LibCHelper", problems);
        gen.writeCpuFeatures(out, "aarch64", "com/oracle/svm/core/aarch64/AArch64LibCHelper", problems);
        gen.writeCpuFeatures(out, "riscv64", "com/oracle/svm/core/riscv64/RISCV64LibCHelper", problems);
        gen.writeLocale(out, problems);
        List<String> symbols = Files.readAllLines(Path.of(args[2])).stream()
                .map(l -> l.replaceAll("#.*", "").trim()).filter(l -> !l.isEmpty()).toList();
        gen.writeFunctions(out, symbols, problems);
        if (!problems.isEmpty()) {
            problems.forEach(p -> System.err.println("CHeaderGen: " + p));
            System.exit(1);
        }
    }

    private void load(Path jar) throws IOException {
        try (ZipFile z = new ZipFile(jar.toFile())) {
            for (var e : java.util.Collections.list(z.entries())) {
                if (!e.getName().endsWith(".class") || e.getName().endsWith("module-info.class")) {
                    continue;
                }
                ClassModel cm = ClassFile.of().parse(z.getInputStream(e).readAllBytes());
                classes.put(cm.thisClass().asInternalName(), cm);
            }
        }
        for (ClassModel cm : classes.values()) {
            String library = annotation(annotations(cm), CLIBRARY).map(a -> string(a, "value")).orElse(null);
            List<String> classPlatforms = platforms(annotations(cm));
            for (MethodModel m : cm.methods()) {
                Optional<Annotation> cf = annotation(annotations(m), CFUNCTION);
                if (cf.isEmpty()) {
                    continue;
                }
                String symbol = string(cf.get(), "value");
                if (symbol == null || symbol.isEmpty()) {
                    symbol = m.methodName().stringValue();
                }
                String lib = annotation(annotations(m), CLIBRARY).map(a -> string(a, "value")).orElse(library);
                List<String> p = platforms(annotations(m));
                functions.add(new CFunc(cm.thisClass().asInternalName(), symbol, m.methodTypeSymbol(), lib,
                        p.isEmpty() ? classPlatforms : p));
            }
        }
    }

    /** A function applies to our target unless its {@code @Platforms} names only other platforms. */
    private static boolean appliesToLinuxAmd64(CFunc f) {
        if (f.platforms().isEmpty()) {
            return true;
        }
        for (String p : f.platforms()) {
            String n = p.substring(p.lastIndexOf('$') + 1).replace(";", "");
            if (n.equals("LINUX") || n.equals("AMD64") || n.startsWith("LINUX_AMD64") || n.equals("PLATFORM_JNI")
                    || n.equals("NATIVE_ONLY") || n.equals("LINUX_AND_JNI")) {
                return true;
            }
        }
        return false;
    }

    private void writeCpuFeatures(Path out, String arch, String helper, List<String> problems) throws IOException {
        ClassModel struct = classes.get(helper + "$CPUFeatures");
        if (struct == null || annotation(annotations(struct), CSTRUCT).isEmpty()) {
            problems.add(helper + "$CPUFeatures (@CStruct) not found in the jar");
            return;
        }
        String guard = "SIDECARS_" + arch.toUpperCase() + "CPUFEATURES_H";
        StringBuilder sb = header(arch + "cpufeatures.h", struct.thisClass().asInternalName(), guard);
        sb.append("#include <stdint.h>\n\n");
        List<String> names = new ArrayList<>();
        sb.append("typedef struct {\n");
        for (StructField f : structFields(struct, problems)) {
            if (!f.cType().equals("char")) {
                problems.add(struct.thisClass().asInternalName() + "." + f.name() + ": expected a byte-sized field, got " + f.cType());
            }
            sb.append("  ").append(f.cType()).append(' ').append(f.name()).append(";\n");
            names.add(f.name());
        }
        sb.append("} CPUFeatures;\n\n");
        sb.append("/* X-macro over the feature fields, in struct order: X(fieldName) */\n");
        sb.append("#define SVM_CPUFEATURES(X)");
        for (String n : names) {
            sb.append(" \\\n  X(").append(n).append(')');
        }
        sb.append("\n\n#define SVM_CPUFEATURES_COUNT ").append(names.size()).append("\n\n");
        for (CFunc f : functions) {
            if (f.owner().equals(helper)) {
                sb.append(prototype(f, problems)).append('\n');
            }
        }
        sb.append("\n#endif\n");
        Files.writeString(out.resolve(arch + "cpufeatures.h"), sb.toString());
    }

    private void writeLocale(Path out, List<String> problems) throws IOException {
        String helper = "com/oracle/svm/core/c/locale/LocaleCHelper";
        ClassModel struct = classes.get(helper + "$LocaleProps");
        ClassModel owner = classes.get(helper);
        if (struct == null || owner == null) {
            problems.add(helper + " or its LocaleProps struct not found in the jar");
            return;
        }
        StringBuilder sb = header("svm_locale.h", helper, "SIDECARS_SVM_LOCALE_H");
        for (MethodModel m : owner.methods()) {
            if (annotation(annotations(m), CCONSTANT).isPresent()) {
                String name = m.methodName().stringValue();
                String v = CONSTANT_VALUES.get(name);
                if (v == null) {
                    problems.add(helper + "." + name + ": @CConstant without a value in CHeaderGen.CONSTANT_VALUES");
                    v = "0";
                }
                sb.append("#define ").append(name).append(' ').append(v).append('\n');
            }
        }
        String structName = annotation(annotations(struct), CSTRUCT).map(a -> string(a, "value")).filter(s -> !s.isEmpty()).orElse("LocaleProps");
        sb.append("\ntypedef struct {\n");
        for (StructField f : structFields(struct, problems)) {
            sb.append("  ").append(f.cType()).append(' ').append(f.name()).append(";\n");
        }
        sb.append("} ").append(structName).append(";\n\n");
        for (CFunc f : functions) {
            if (f.owner().equals(helper)) {
                sb.append(prototype(f, problems)).append('\n');
            }
        }
        sb.append("\n#endif\n");
        Files.writeString(out.resolve("svm_locale.h"), sb.toString());
    }

    private void writeFunctions(Path out, List<String> symbols, List<String> problems) throws IOException {
        StringBuilder sb = header("svm_cfunctions.h", "every @CFunction that our helper libraries define", "SIDECARS_SVM_CFUNCTIONS_H");
        sb.append("#include <stddef.h>\n#include <sys/types.h>\n#include \"amd64cpufeatures.h\"\n#include \"svm_locale.h\"\n\n");
        Map<String, CFunc> bySymbol = new LinkedHashMap<>();
        for (CFunc f : functions) {
            if (appliesToLinuxAmd64(f)) {
                CFunc previous = bySymbol.putIfAbsent(f.symbol(), f);
                if (previous != null && !previous.type().equals(f.type()) && symbols.contains(f.symbol())) {
                    problems.add("symbol " + f.symbol() + " declared with two signatures: " + previous.owner() + " and " + f.owner());
                }
            }
        }
        Set<String> wanted = new LinkedHashSet<>(symbols);
        for (String s : wanted) {
            CFunc f = bySymbol.get(s);
            if (f == null) {
                problems.add("symbol " + s + " (symbols file) is not a @CFunction for Linux/AMD64 in this svm.jar");
                continue;
            }
            sb.append("/* ").append(f.owner().replace('/', '.')).append(", library ").append(f.library()).append(" */\n");
            sb.append(prototype(f, problems)).append("\n\n");
        }
        for (CFunc f : bySymbol.values()) {
            if (f.library() != null && OUR_LIBRARIES.contains(f.library()) && !wanted.contains(f.symbol())) {
                problems.add("@CFunction " + f.symbol() + " of library " + f.library() + " (" + f.owner()
                        + ") is not provided by our C helpers (add it to the symbols file and implement it)");
            }
        }
        sb.append("#endif\n");
        Files.writeString(out.resolve("svm_cfunctions.h"), sb.toString());
    }

    record StructField(String name, String cType) {}

    private List<StructField> structFields(ClassModel struct, List<String> problems) {
        List<StructField> fields = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        for (MethodModel m : struct.methods()) {
            Optional<Annotation> cf = annotation(annotations(m), CFIELD);
            if (cf.isEmpty()) {
                continue;
            }
            MethodTypeDesc t = m.methodTypeSymbol();
            if (t.parameterCount() != 0) {
                continue; // a setter: the getter gives the type
            }
            String name = string(cf.get(), "value");
            if (name == null || name.isEmpty()) {
                name = m.methodName().stringValue();
            }
            if (seen.add(name)) {
                fields.add(new StructField(name, cType(t.returnType(), true, problems)));
            }
        }
        return fields;
    }

    private String prototype(CFunc f, List<String> problems) {
        StringBuilder sb = new StringBuilder();
        sb.append(cType(f.type().returnType(), false, problems)).append(' ').append(f.symbol()).append('(');
        if (f.type().parameterCount() == 0) {
            sb.append("void");
        }
        for (int i = 0; i < f.type().parameterCount(); i++) {
            if (i > 0) {
                sb.append(", ");
            }
            sb.append(cType(f.type().parameterType(i), false, problems));
        }
        return sb.append(");").toString();
    }

    /** The C type of a Java type in a {@code @CFunction} or {@code @CField} signature. */
    private String cType(ClassDesc d, boolean structField, List<String> problems) {
        String s = d.descriptorString();
        switch (s) {
            case "V": return "void";
            case "Z": return structField ? "char" : "int"; // booleans are returned as int (0/1)
            case "B": return structField ? "char" : "signed char";
            case "S": return "short";
            case "C": return "unsigned short";
            case "I": return "int";
            case "J": return "long";
            case "F": return "float";
            case "D": return "double";
            default: break;
        }
        String internal = s.substring(1, s.length() - 1);
        switch (internal) {
            case "org/graalvm/nativeimage/c/type/CCharPointer": return "char *";
            case "org/graalvm/nativeimage/c/type/CCharPointerPointer": return "char **";
            case "org/graalvm/nativeimage/c/type/CIntPointer": return "int *";
            case "org/graalvm/nativeimage/c/type/CLongPointer": return "long *";
            case "org/graalvm/word/UnsignedWord": return "size_t";
            case "org/graalvm/word/SignedWord": return "ssize_t";
            case "org/graalvm/word/Pointer", "org/graalvm/word/PointerBase", "org/graalvm/word/WordBase",
                 "org/graalvm/nativeimage/c/type/VoidPointer": return "void *";
            default: break;
        }
        ClassModel cm = classes.get(internal);
        if (cm != null) {
            Optional<Annotation> st = annotation(annotations(cm), CSTRUCT);
            if (st.isPresent()) {
                String n = string(st.get(), "value");
                if (n == null || n.isEmpty()) {
                    n = internal.substring(Math.max(internal.lastIndexOf('/'), internal.lastIndexOf('$')) + 1);
                }
                return n + " *";
            }
            // PointerBase subinterfaces without a struct (FILE, function pointers) are opaque pointers.
            return "void *";
        }
        problems.add("no C type for " + internal);
        return "void *";
    }

    private static StringBuilder header(String file, String source, String guard) {
        StringBuilder sb = new StringBuilder();
        sb.append("/* ").append(file).append(": GENERATED at toolchain build time by images/native/gen/CHeaderGen.java\n")
          .append(" * from the metadata of ").append(source.replace('/', '.')).append(" in svm.jar. Do not edit. */\n")
          .append("#ifndef ").append(guard).append("\n#define ").append(guard).append("\n\n");
        return sb;
    }

    private static List<Annotation> annotations(ClassModel cm) {
        List<Annotation> l = new ArrayList<>();
        cm.findAttribute(Attributes.runtimeVisibleAnnotations()).ifPresent(a -> l.addAll(a.annotations()));
        cm.findAttribute(Attributes.runtimeInvisibleAnnotations()).ifPresent(a -> l.addAll(a.annotations()));
        return l;
    }

    private static List<Annotation> annotations(MethodModel m) {
        List<Annotation> l = new ArrayList<>();
        m.findAttribute(Attributes.runtimeVisibleAnnotations()).ifPresent(a -> l.addAll(a.annotations()));
        m.findAttribute(Attributes.runtimeInvisibleAnnotations()).ifPresent(a -> l.addAll(a.annotations()));
        return l;
    }

    private static Optional<Annotation> annotation(List<Annotation> l, String descriptor) {
        return l.stream().filter(a -> a.className().stringValue().equals(descriptor)).findFirst();
    }

    private static String string(Annotation a, String element) {
        for (var e : a.elements()) {
            if (e.name().stringValue().equals(element) && e.value() instanceof AnnotationValue.OfString s) {
                return s.stringValue();
            }
        }
        return null;
    }

    private static List<String> platforms(List<Annotation> l) {
        List<String> r = new ArrayList<>();
        annotation(l, PLATFORMS).ifPresent(a -> {
            for (var e : a.elements()) {
                if (e.value() instanceof AnnotationValue.OfArray arr) {
                    for (var v : arr.values()) {
                        if (v instanceof AnnotationValue.OfClass c) {
                            r.add(c.className().stringValue());
                        }
                    }
                }
            }
        });
        return r;
    }
}
