package dev.sidecars.family;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.sidecars.adapter.AdapterMain;
import dev.sidecars.ambassador.AmbassadorMain;
import dev.sidecars.common.ExitCodes;
import dev.sidecars.configinit.ConfigInitMain;
import dev.sidecars.egress.EgressMain;
import dev.sidecars.tailer.TailerMain;

/**
 * The family's one executable: {@code sidecars <image> [args...]} runs that image's {@code main}. The
 * native images all carry this same binary (one layer a node pulls once) and differ only in the
 * image name their entrypoint passes.
 */
public final class Sidecars {

    /** An image's {@code main}; config-init's may be interrupted while it waits for dependencies. */
    @FunctionalInterface
    interface Main {
        void run(String[] args) throws Exception;
    }

    static final Map<String, Main> IMAGES = images();

    private Sidecars() {
    }

    private static Map<String, Main> images() {
        Map<String, Main> images = new LinkedHashMap<>();
        images.put("tls-ambassador", AmbassadorMain::main);
        images.put("egress-proxy", EgressMain::main);
        images.put("log-tailer", TailerMain::main);
        images.put("metrics-adapter", AdapterMain::main);
        images.put("config-init", ConfigInitMain::main);
        return Map.copyOf(images);
    }

    public static void main(String[] args) throws Exception {
        Main main = args.length == 0 ? null : IMAGES.get(args[0]);
        if (main == null) {
            System.err.println(usage(args.length == 0 ? null : args[0]));
            System.exit(ExitCodes.USAGE);
            return;
        }
        main.run(Arrays.copyOfRange(args, 1, args.length));
    }

    static String usage(String given) {
        String known = String.join(", ", IMAGES.keySet().stream().sorted().toList());
        return (given == null ? "no image named" : "unknown image \"" + given + "\"")
                + ": usage: sidecars <image> [args...], where <image> is one of " + known;
    }
}
