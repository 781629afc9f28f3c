import java.io.IOException;
import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassModel;
import java.lang.classfile.constantpool.ClassEntry;
import java.lang.classfile.constantpool.PoolEntry;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.zip.ZipFile;

/**
 * Computes the {@code --add-exports} the image builder's modules need on this JDK: for every class
 * that a builder jar's bytecode refers to, in a package that a JDK module does not export to that
 * builder module, one {@code --add-exports=jdkmodule/package=buildermodule,...} line. GraalVM's own
 * driver carries such a list; ours is derived from the jars at toolchain build time, so a new
 * builder version or a new JDK update gets a matching list.
 *
 * <p>Usage: {@code java BuilderExports.java <out-file> <jar>...}; writes one option per line.
 */
public final class BuilderExports {

    public static void main(String[] args) throws IOException {
        Path out = Path.of(args[0]);
        Map<String, ModuleDescriptor> jdkPackages = new TreeMap<>(); // package -> JDK module
        for (ModuleReference ref : ModuleFinder.ofSystem().findAll()) {
            for (String p : ref.descriptor().packages()) {
                jdkPackages.put(p, ref.descriptor());
            }
        }
        Map<String, Set<String>> exports = new TreeMap<>(); // "module/package" -> builder modules
        List<String> modules = new ArrayList<>();
        for (int i = 1; i < args.length; i++) {
            Path jar = Path.of(args[i]);
            ModuleDescriptor self = ModuleFinder.of(jar).findAll().iterator().next().descriptor();
            modules.add(self.name());
            try (ZipFile z = new ZipFile(jar.toFile())) {
                for (var e : java.util.Collections.list(z.entries())) {
                    String n = e.getName();
                    if (!n.endsWith(".class") || n.endsWith("module-info.class") || n.startsWith("META-INF/")) {
                        continue;
                    }
                    ClassModel cm = ClassFile.of().parse(z.getInputStream(e).readAllBytes());
                    for (PoolEntry pe : cm.constantPool()) {
                        if (!(pe instanceof ClassEntry ce)) {
                            continue;
                        }
                        String internal = ce.asInternalName();
                        while (internal.startsWith("[")) {
                            internal = internal.substring(1);
                        }
                        if (internal.startsWith("L") && internal.endsWith(";")) {
                            internal = internal.substring(1, internal.length() - 1);
                        }
                        int slash = internal.lastIndexOf('/');
                        if (slash < 0) {
                            continue;
                        }
                        String pkg = internal.substring(0, slash).replace('/', '.');
                        ModuleDescriptor jdk = jdkPackages.get(pkg);
                        if (jdk == null || jdk.name().equals(self.name()) || exportedTo(jdk, pkg, self.name())) {
                            continue;
                        }
                        exports.computeIfAbsent(jdk.name() + "/" + pkg, k -> new TreeSet<>()).add(self.name());
                    }
                }
            }
        }
        StringBuilder sb = new StringBuilder();
        exports.forEach((k, v) -> sb.append("--add-exports=").append(k).append('=').append(String.join(",", v)).append('\n'));
        Files.writeString(out, sb.toString());
        System.out.println("BuilderExports: " + exports.size() + " packages for " + modules.size() + " builder modules");
    }

    private static boolean exportedTo(ModuleDescriptor m, String pkg, String target) {
        for (ModuleDescriptor.Exports e : m.exports()) {
            if (e.source().equals(pkg) && (!e.isQualified() || e.targets().contains(target))) {
                return true;
            }
        }
        return false;
    }
}
