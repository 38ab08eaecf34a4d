package dev.legends.network;

import dev.legends.core.LegendsException;
import dev.legends.linux.Syscalls;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The host side of networking that CNI does not do: pinned network namespaces, host routes,
 * bridges, and the iptables rules that keep networks apart. Each is one small command.
 */
final class Host {
    private Host() {}

    record Result(int exit, String out) {}

    static Result run(List<String> cmd) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(20, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw LegendsException.unavailable(String.join(" ", cmd) + ": timed out");
            }
            return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8).strip());
        } catch (IOException e) {
            throw LegendsException.unavailable(cmd.getFirst() + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw LegendsException.unavailable(cmd.getFirst() + ": interrupted");
        }
    }

    static String runOk(List<String> cmd) {
        Result r = run(cmd);
        if (r.exit() != 0) {
            throw LegendsException.unavailable(String.join(" ", cmd) + ": " + r.out());
        }
        return r.out();
    }

    /** A new network namespace, kept alive by a bind mount on {@code pin} (as ip netns does under /run/netns). */
    static void createNetns(Path pin) {
        try {
            Files.createDirectories(pin.getParent());
            if (!Files.exists(pin)) {
                Files.createFile(pin);
            }
        } catch (IOException e) {
            throw LegendsException.unavailable("netns pin " + pin + ": " + e.getMessage());
        }
        Result r = run(List.of("unshare", "--net=" + pin, "true"));
        if (r.exit() != 0) {
            removeNetns(pin);
            throw LegendsException.unavailable("create network namespace " + pin + ": " + r.out());
        }
    }

    static boolean isNetns(Path pin) {
        try {
            return Files.readAllLines(Path.of("/proc/self/mounts")).stream().anyMatch(l -> l.split(" ")[1].equals(pin.toString()));
        } catch (IOException e) {
            return false;
        }
    }

    static void removeNetns(Path pin) {
        if (isNetns(pin)) {
            Syscalls.umount2(pin, Syscalls.MNT_DETACH);
        }
        try {
            Files.deleteIfExists(pin);
        } catch (IOException e) {
            throw LegendsException.unavailable("remove netns pin " + pin + ": " + e.getMessage());
        }
    }

    /** The destinations of the host's IPv4 routes, default route excluded. */
    static List<Subnet> routes() {
        List<Subnet> l = new ArrayList<>();
        for (String line : runOk(List.of("ip", "-4", "route", "show", "table", "all")).lines().toList()) {
            String dst = line.strip().split("\\s+")[0];
            if (dst.equals("default") || dst.equals("local") || dst.equals("broadcast") || dst.equals("unreachable")) {
                continue;
            }
            try {
                l.add(dst.contains("/") ? Subnet.parse(dst) : null);
            } catch (LegendsException e) {
                // a /31 or /32 or a masked form: host routes inside a subnet still collide
                try {
                    String[] p = dst.split("/");
                    int prefix = Integer.parseInt(p[1]);
                    if (prefix > 30) {
                        l.add(new Subnet(Subnet.address(p[0]) & Subnet.mask(30), 30));
                    }
                } catch (RuntimeException ignored) {
                    // not an IPv4 destination
                }
            }
        }
        l.removeIf(java.util.Objects::isNull);
        return l;
    }

    static boolean linkExists(String name) {
        return Files.exists(Path.of("/sys/class/net", name));
    }

    /** The index of the other end of veth {@code name} ({@code iflink}), or -1. */
    static int peerIndex(String name) {
        try {
            return name == null ? -1 : Integer.parseInt(Files.readString(Path.of("/sys/class/net", name, "iflink")).strip());
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
    }

    static void deleteLink(String name) {
        if (linkExists(name)) {
            run(List.of("ip", "link", "del", name));
        }
    }

    /** Drops forwarded traffic between two bridges, both ways: two networks do not see each other. */
    static void isolate(String a, String b) {
        for (String[] pair : List.of(new String[] {a, b}, new String[] {b, a})) {
            List<String> rule = isolationRule(pair[0], pair[1]);
            if (run(iptables("-C", rule)).exit() != 0) {
                runOk(iptables("-I", rule));
            }
        }
    }

    static void unisolate(String a, String b) {
        for (String[] pair : List.of(new String[] {a, b}, new String[] {b, a})) {
            List<String> rule = isolationRule(pair[0], pair[1]);
            while (run(iptables("-C", rule)).exit() == 0) {
                run(iptables("-D", rule));
            }
        }
    }

    private static List<String> isolationRule(String in, String out) {
        return List.of("-i", in, "-o", out, "-m", "comment", "--comment", "legends isolation", "-j", "DROP");
    }

    private static List<String> iptables(String op, List<String> rule) {
        List<String> cmd = new ArrayList<>(List.of("iptables", "-w", "5", op, "FORWARD"));
        cmd.addAll(rule);
        return cmd;
    }

    /** The iptables rules (all tables) whose text mentions {@code needle}: what CNI made for a container. */
    static List<String> rulesMentioning(String needle) {
        Result r = run(List.of("iptables-save"));
        if (r.exit() != 0) {
            return List.of();
        }
        List<String> all = r.out().lines().filter(l -> l.startsWith("-A")).toList();
        List<String> mine = new ArrayList<>(all.stream().filter(l -> l.contains(needle)).toList());
        // CNI's per-container chains (CNI-DN-..., CNI-...) hold the DNAT and MASQUERADE rules without the id
        java.util.Set<String> chains = new java.util.LinkedHashSet<>();
        for (String l : mine) {
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("-j (CNI-[A-Za-z0-9-]+)").matcher(l);
            if (m.find() && !m.group(1).startsWith("CNI-HOSTPORT")) {
                chains.add(m.group(1));
            }
        }
        for (String l : all) {
            if (!mine.contains(l) && chains.stream().anyMatch(c -> l.startsWith("-A " + c + " "))) {
                mine.add(l);
            }
        }
        return mine;
    }
}
