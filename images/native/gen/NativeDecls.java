import com.sun.source.tree.*;
import com.sun.source.util.*;
import javax.tools.*;
import java.nio.file.*;
import java.util.*;
import java.util.stream.*;

/**
 * Lists the native methods (and {@code @Native} constants) declared in a tree of Java sources, one
 * per line, sorted: {@code class native [static] returnType name(paramTypes)}. Parse only (no
 * attribution), so it reads JDK 26 sources with JDK 25's javac. toolchain.sh diffs the lists of
 * JDK 25 (src.zip) and of the OpenJDK source the static libraries are built from.
 *
 * <p>Usage: {@code java NativeDecls.java <source-dir>}
 */
public final class NativeDecls {
  public static void main(String[] a) throws Exception {
    Path root = Path.of(a[0]);
    List<Path> files;
    try (Stream<Path> s = Files.walk(root)) { files = s.filter(p -> p.toString().endsWith(".java")).filter(p -> { try { String t = Files.readString(p); return t.contains("native ") || t.contains("@Native"); } catch (Exception e) { return false; } }).sorted().toList(); }
    JavaCompiler c = ToolProvider.getSystemJavaCompiler();
    var fm = c.getStandardFileManager(null, null, null);
    var task = (JavacTask) c.getTask(null, fm, d -> {}, List.of("-proc:none"), null, fm.getJavaFileObjectsFromPaths(files));
    TreeSet<String> out = new TreeSet<>();
    for (CompilationUnitTree cu : task.parse()) {
      String pkg = cu.getPackageName() == null ? "" : cu.getPackageName().toString() + ".";
      new TreeScanner<Void, String>() {
        @Override public Void visitClass(ClassTree ct, String outer) {
          String name = outer == null ? pkg + ct.getSimpleName() : outer + "$" + ct.getSimpleName();
          for (Tree m : ct.getMembers()) {
            if (m instanceof MethodTree mt && mt.getModifiers().getFlags().contains(javax.lang.model.element.Modifier.NATIVE)) {
              String params = mt.getParameters().stream().map(v -> v.getType().toString()).collect(Collectors.joining(","));
              out.add(name + " native " + (mt.getModifiers().getFlags().contains(javax.lang.model.element.Modifier.STATIC) ? "static " : "") + mt.getReturnType() + " " + mt.getName() + "(" + params + ")");
            } else if (m instanceof VariableTree vt && vt.getModifiers().getAnnotations().stream().anyMatch(an -> an.getAnnotationType().toString().endsWith("Native"))) {
              out.add(name + " @Native " + vt.getType() + " " + vt.getName() + " = " + vt.getInitializer());
            } else if (m instanceof ClassTree inner) {
              visitClass(inner, name);
            }
          }
          return null;
        }
      }.scan(cu, null);
    }
    out.forEach(System.out::println);
  }
}
