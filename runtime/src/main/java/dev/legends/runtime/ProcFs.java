package dev.legends.runtime;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What /proc tells about a host process: is it alive, what is it, which namespaces is it in. */
final class ProcFs {
    private static final Pattern NS_LINK = Pattern.compile("[a-z_]+:\\[(\\d+)]");

    private ProcFs() {}

    /** Alive and not a zombie: a zombie's pid is still taken but it runs nothing. */
    static boolean alive(long pid) {
        if (pid <= 0) {
            return false;
        }
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // the state follows the command name, which is in parentheses and may hold spaces
            int close = stat.lastIndexOf(')');
            return close > 0 && close + 2 < stat.length() && stat.charAt(close + 2) != 'Z';
        } catch (IOException e) {
            return false;
        }
    }

    /** Field 4 (ppid) and 6 (session) of /proc/PID/stat; empty if it is gone. */
    static OptionalLong parent(long pid) {
        return statField(pid, 4);
    }

    static OptionalLong session(long pid) {
        return statField(pid, 6);
    }

    private static OptionalLong statField(long pid, int field) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            String[] rest = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return OptionalLong.of(Long.parseLong(rest[field - 3]));
        } catch (IOException | RuntimeException e) {
            return OptionalLong.empty();
        }
    }

    /** The command line, NUL-separated arguments joined by spaces; empty if the process is gone. */
    static String cmdline(long pid) {
        try {
            byte[] b = Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline"));
            return new String(b, StandardCharsets.UTF_8).replace('\0', ' ').strip();
        } catch (IOException e) {
            return "";
        }
    }

    /** The inode of a namespace, from its link ({@code net:[4026531840]}); empty if unreadable. */
    static OptionalLong namespaceInode(Path link) {
        try {
            Matcher m = NS_LINK.matcher(Files.readSymbolicLink(link).toString());
            return m.matches() ? OptionalLong.of(Long.parseLong(m.group(1))) : OptionalLong.empty();
        } catch (IOException | UnsupportedOperationException e) {
            return OptionalLong.empty();
        }
    }

    static OptionalLong namespaceInode(long pid, NamespaceType type) {
        return namespaceInode(Path.of("/proc", Long.toString(pid), "ns", type.procName()));
    }

    /** Reads a pid file; empty when it is missing or holds no number. */
    static OptionalLong readPid(Path file) {
        try {
            return OptionalLong.of(Long.parseLong(Files.readString(file).strip()));
        } catch (IOException | NumberFormatException e) {
            return OptionalLong.empty();
        }
    }
}
