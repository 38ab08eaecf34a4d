package dev.legends.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalLong;

/**
 * The daemon's own hard rlimits, from /proc/self/limits. A container cannot be given more: without
 * CAP_SYS_RESOURCE (which this host's root lacks) runc fails to raise a hard limit.
 */
final class HostLimits {
    private static final Map<String, String> NAMES = Map.ofEntries(
            Map.entry("Max cpu time", "RLIMIT_CPU"), Map.entry("Max file size", "RLIMIT_FSIZE"),
            Map.entry("Max data size", "RLIMIT_DATA"), Map.entry("Max stack size", "RLIMIT_STACK"),
            Map.entry("Max core file size", "RLIMIT_CORE"), Map.entry("Max resident set", "RLIMIT_RSS"),
            Map.entry("Max processes", "RLIMIT_NPROC"), Map.entry("Max open files", "RLIMIT_NOFILE"),
            Map.entry("Max locked memory", "RLIMIT_MEMLOCK"), Map.entry("Max address space", "RLIMIT_AS"),
            Map.entry("Max file locks", "RLIMIT_LOCKS"), Map.entry("Max pending signals", "RLIMIT_SIGPENDING"),
            Map.entry("Max msgqueue size", "RLIMIT_MSGQUEUE"), Map.entry("Max nice priority", "RLIMIT_NICE"),
            Map.entry("Max realtime priority", "RLIMIT_RTPRIO"), Map.entry("Max realtime timeout", "RLIMIT_RTTIME"));

    private final Map<String, OptionalLong> hard;

    private HostLimits(Map<String, OptionalLong> hard) {
        this.hard = hard;
    }

    static HostLimits read() {
        Map<String, OptionalLong> hard = new HashMap<>();
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/limits"))) {
                NAMES.forEach((label, type) -> {
                    if (line.startsWith(label + " ")) {
                        String[] cols = line.substring(label.length()).trim().split("\\s+");
                        hard.put(type, cols[1].equals("unlimited") ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(cols[1])));
                    }
                });
            }
        } catch (IOException | RuntimeException e) {
            // no /proc: nothing to check against; runc will say what it cannot do
        }
        return new HostLimits(hard);
    }

    static boolean known(String type) {
        return NAMES.containsValue(type);
    }

    /** The hard limit for {@code type}; empty when unlimited or unknown. */
    OptionalLong hard(String type) {
        return hard.getOrDefault(type, OptionalLong.empty());
    }
}
