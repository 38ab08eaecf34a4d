package dev.legends.runtime;

import dev.legends.core.LegendsException;
import java.util.Locale;
import java.util.Set;

/** Checks a signal given as TERM, SIGTERM or 15 before it reaches runc, whose error would be vaguer. */
final class Signals {
    private static final Set<String> NAMES = Set.of(
            "HUP", "INT", "QUIT", "ILL", "TRAP", "ABRT", "BUS", "FPE", "KILL", "USR1", "SEGV", "USR2",
            "PIPE", "ALRM", "TERM", "STKFLT", "CHLD", "CONT", "STOP", "TSTP", "TTIN", "TTOU", "URG",
            "XCPU", "XFSZ", "VTALRM", "PROF", "WINCH", "IO", "PWR", "SYS");

    private Signals() {}

    /** The signal as runc takes it: SIGNAME or a number. */
    static String parse(String signal) {
        String s = signal == null || signal.isBlank() ? "TERM" : signal.strip().toUpperCase(Locale.ROOT);
        if (s.chars().allMatch(Character::isDigit)) {
            int n = Integer.parseInt(s);
            if (n >= 1 && n <= 64) {
                return s;
            }
        } else {
            String name = s.startsWith("SIG") ? s.substring(3) : s;
            if (NAMES.contains(name)) {
                return "SIG" + name;
            }
        }
        throw LegendsException.invalid("invalid signal " + signal);
    }
}
