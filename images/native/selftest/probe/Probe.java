import java.util.Locale;
import java.util.TimeZone;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import sun.misc.Signal;

/**
 * The self-test's probe (images/native/selftest.sh): prints what the native image learned from its
 * environment, as one JSON object: heap limit, processors, default locale and time zone, etc.
 *
 * <p>{@code probe signals}: the lifecycle of a sidecar under Kubernetes. It prints {"ready":true};
 * the first SIGTERM starts a drain ({"phase":"drain"}) that would take 30 s; a second SIGTERM exits
 * at once ({"phase":"exit"}, status 0).
 */
public final class Probe {
    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("signals")) {
            signals();
            return;
        }
        Runtime rt = Runtime.getRuntime();
        Locale l = Locale.getDefault();
        StringBuilder sb = new StringBuilder("{");
        field(sb, "maxMemory", rt.maxMemory());
        field(sb, "totalMemory", rt.totalMemory());
        field(sb, "availableProcessors", rt.availableProcessors());
        field(sb, "locale", l.toLanguageTag());
        field(sb, "language", l.getLanguage());
        field(sb, "country", l.getCountry());
        field(sb, "formatLocale", Locale.getDefault(Locale.Category.FORMAT).toLanguageTag());
        field(sb, "displayLocale", Locale.getDefault(Locale.Category.DISPLAY).toLanguageTag());
        field(sb, "timeZone", TimeZone.getDefault().getID());
        field(sb, "javaVersion", System.getProperty("java.version"));
        field(sb, "vmName", System.getProperty("java.vm.name"));
        field(sb, "fileEncoding", System.getProperty("file.encoding"));
        field(sb, "osArch", System.getProperty("os.arch"));
        sb.setLength(sb.length() - 1);
        System.out.println(sb.append('}'));
    }

    private static void signals() throws InterruptedException {
        AtomicInteger count = new AtomicInteger();
        CountDownLatch exit = new CountDownLatch(1);
        Signal.handle(new Signal("TERM"), s -> {
            int n = count.incrementAndGet();
            if (n == 1) {
                System.out.println("{\"signal\":\"" + s.getName() + "\",\"count\":1,\"phase\":\"drain\"}");
            } else {
                System.out.println("{\"signal\":\"" + s.getName() + "\",\"count\":" + n + ",\"phase\":\"exit\"}");
                exit.countDown();
            }
            System.out.flush();
        });
        System.out.println("{\"ready\":true}");
        System.out.flush();
        // the drain: 30 s unless a second SIGTERM comes first
        if (!exit.await(30, java.util.concurrent.TimeUnit.SECONDS) && count.get() == 0) {
            System.out.println("{\"phase\":\"timeout\"}");
            System.exit(3);
        }
        if (count.get() >= 2) {
            System.exit(0);
        }
        System.out.println("{\"phase\":\"drained\"}");
    }

    private static void field(StringBuilder sb, String name, Object value) {
        sb.append('"').append(name).append("\":");
        if (value instanceof Number) {
            sb.append(value);
        } else {
            sb.append('"').append(String.valueOf(value).replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
        }
        sb.append(',');
    }
}
