package dev.legends.runtime;

import dev.legends.core.LegendsException;
import java.util.Locale;

/** A resource limit for the container's processes; {@code type} is normalized to RLIMIT_NAME. */
public record Rlimit(String type, long soft, long hard) {
    public Rlimit {
        String t = type.toUpperCase(Locale.ROOT);
        type = t.startsWith("RLIMIT_") ? t : "RLIMIT_" + t;
    }

    /** Parses docker's {@code --ulimit nofile=1024:2048} (a single number sets both). */
    public static Rlimit parse(String s) {
        int eq = s.indexOf('=');
        String[] v = eq <= 0 ? new String[0] : s.substring(eq + 1).split(":", -1);
        try {
            if (v.length == 0 || v.length > 2) {
                throw new NumberFormatException();
            }
            long soft = Long.parseLong(v[0]);
            long hard = v.length > 1 ? Long.parseLong(v[1]) : soft;
            return new Rlimit(s.substring(0, eq), soft, hard);
        } catch (NumberFormatException e) {
            throw LegendsException.invalid("invalid ulimit " + s + ": expected NAME=SOFT[:HARD]");
        }
    }
}
