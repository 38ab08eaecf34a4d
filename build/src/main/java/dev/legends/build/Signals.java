package dev.legends.build;

import dev.legends.build.dockerfile.Origin;
import java.util.Locale;
import java.util.Set;

/** STOPSIGNAL values docker accepts: a number, or a Linux signal name with or without SIG. */
final class Signals {
    private static final Set<String> NAMES = Set.of("ABRT", "ALRM", "BUS", "CHLD", "CLD", "CONT", "FPE", "HUP", "ILL",
            "INT", "IO", "IOT", "KILL", "PIPE", "POLL", "PROF", "PWR", "QUIT", "SEGV", "STKFLT", "STOP", "SYS", "TERM",
            "TRAP", "TSTP", "TTIN", "TTOU", "URG", "USR1", "USR2", "VTALRM", "WINCH", "XCPU", "XFSZ");

    private Signals() {}

    static String check(Origin at, String signal) {
        String s = signal.toUpperCase(Locale.ROOT);
        String name = s.startsWith("SIG") ? s.substring(3) : s;
        if (NAMES.contains(name) || name.matches("RTMIN(\\+([1-9]|1[0-5]))?|RTMAX(-([1-9]|1[0-4]))?")) {
            return signal;
        }
        try {
            int n = Integer.parseInt(signal);
            if (n >= 1 && n <= 64) {
                return signal;
            }
        } catch (NumberFormatException e) {
            // not a number either: refused below
        }
        throw at.error("Invalid signal: " + signal);
    }
}
