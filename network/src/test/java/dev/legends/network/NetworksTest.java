package dev.legends.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.legends.store.Store;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real CNI plugins (/usr/lib/cni) on real bridges, in namespaces this test makes. Traffic goes only
 * to addresses inside those namespaces and to 127.0.0.1.
 */
@Tag("root")
class NetworksTest {
    @TempDir
    Path tmp;

    Store store;
    Networks networks;
    NetworkOptions options;
    final String tag = "lgt" + Integer.toString(ThreadLocalRandom.current().nextInt(1 << 20), 36);
    final int octet = 200 + ThreadLocalRandom.current().nextInt(25) * 2;
    final List<Process> processes = new ArrayList<>();

    @BeforeEach
    void setUp() {
        store = Store.open(tmp.resolve("legends.db"), Networks.SCHEMA);
        options = NetworkOptions.of(tmp.resolve("run")).withDefault(tag + "d", "10." + octet + ".0.0/24");
        networks = Networks.open(store, options);
    }

    @AfterEach
    void tearDown() {
        processes.forEach(Process::destroyForcibly);
        Networks n = Networks.open(store, options);
        for (NetworkInfo net : n.list()) {
            for (String owner : net.owners()) {
                try {
                    n.detach(owner);
                } catch (RuntimeException e) {
                    // by hand below
                }
            }
            try {
                n.remove(net.name());
            } catch (RuntimeException e) {
                Host.deleteLink(net.bridge());
            }
        }
        for (String suffix : List.of("d", "a", "b", "h")) {
            Host.deleteLink(tag + suffix);
        }
        try (var s = Files.list(options.runDir().resolve("dhcp"))) {
            for (Path p : s.filter(f -> f.toString().endsWith(".pid")).toList()) {
                ProcessHandle.of(Long.parseLong(Files.readString(p).strip())).ifPresent(ProcessHandle::destroyForcibly);
            }
        } catch (IOException | NumberFormatException e) {
            // no DHCP processes
        }
        try (var s = Files.list(options.runDir().resolve("netns"))) {
            s.forEach(Host::removeNetns);
        } catch (IOException e) {
            // none made
        }
        store.close();
    }

    private NetworkInfo net(String suffix, int third) {
        return networks.create(new NetworkSpec(tag + suffix, "10." + (octet + 1) + "." + third + ".0/24", null, null, null, tag + suffix));
    }

    private static Host.Result inNetns(Path pin, String... cmd) {
        List<String> all = new ArrayList<>(List.of("nsenter", "--net=" + pin));
        all.addAll(List.of(cmd));
        return Host.run(all);
    }

    private static boolean ping(Path from, String ip) {
        return inNetns(from, "/bin/busybox", "ping", "-c", "1", "-W", "1", ip).exit() == 0;
    }

    @Test
    void twoOwnersOnANetworkReachEachOtherByAddressAndNameAndAnotherNetworkIsIsolated() {
        NetworkInfo a = net("a", 1);
        NetworkInfo b = net("b", 2);
        Attachment a1 = networks.attach(new AttachRequest("own-a1", null, List.of("alpha"), List.of(a.name()), null, List.of())).getFirst();
        Attachment a2 = networks.attach(new AttachRequest("own-a2", null, List.of("beta", "beta-host"), List.of(a.name()), null,
                List.of())).getFirst();
        Attachment b1 = networks.attach(new AttachRequest("own-b1", null, List.of("gamma"), List.of(b.name()), null, List.of())).getFirst();

        assertThat(a1.address()).isEqualTo("10." + (octet + 1) + ".1.2/24");
        assertThat(a2.ip()).isEqualTo("10." + (octet + 1) + ".1.3");
        assertThat(a1.bridge()).isEqualTo(a.bridge());
        assertThat(a1.hostVeth()).isNotBlank();
        assertThat(a1.mac()).matches("([0-9a-f]{2}:){5}[0-9a-f]{2}");
        assertThat(Files.exists(Path.of("/sys/class/net", a1.hostVeth(), "brport"))).as("veth is a bridge port").isTrue();
        assertThat(networks.details("own-a1").getFirst().rules()).anyMatch(r -> r.contains("MASQUERADE") || r.contains("CNI-"));

        Path pin1 = networks.netns("own-a1");
        assertThat(ping(pin1, a2.ip())).as("same network").isTrue();
        assertThat(ping(pin1, a.gateway())).as("gateway on the bridge").isTrue();
        assertThat(ping(pin1, b1.ip())).as("other network").isFalse();
        assertThat(ping(pin1, "127.0.0.1")).as("loopback is up").isTrue();

        String hosts = read(networks.hostsFile("own-a1"));
        assertThat(hosts).contains(a1.ip() + "\talpha", a2.ip() + "\tbeta beta-host").doesNotContain("gamma");

        networks.check("own-a1");
        List<Attachment> both = networks.attach(new AttachRequest("own-ab", null, List.of("delta"), List.of(a.name(), b.name()), null,
                List.of()));
        assertThat(both).extracting(Attachment::ifname).containsExactly("eth0", "eth1");
        assertThat(ping(networks.netns("own-ab"), a1.ip())).as("on both networks: a").isTrue();
        assertThat(ping(networks.netns("own-ab"), b1.ip())).as("on both networks: b").isTrue();
        assertThat(networks.members(a.name())).extracting(Attachment::owner).containsExactly("own-a1", "own-a2", "own-ab");
        networks.detach("own-ab");
        networks.detach("own-a2");
        assertThat(Host.linkExists(a2.hostVeth())).isFalse();
        assertThat(read(networks.hostsFile("own-a1"))).doesNotContain("beta");
        assertThat(networks.leases(a.name())).extracting(Lease::owner).containsExactly("own-a1");
        assertThat(Host.isNetns(networks.netns("own-a2"))).isFalse();
        assertThat(Host.rulesMentioning("own-a2")).isEmpty();
        assertThatThrownBy(() -> networks.remove(a.name())).hasMessageContaining("is in use by 1 pods or containers (alpha)");
    }

    @Test
    void delAfterARestartUsesTheCacheAndALostCacheIsRebuiltFromTheRecord() throws IOException {
        NetworkInfo a = net("a", 1);
        Attachment x = networks.attach(new AttachRequest("own-x", null, List.of("x"), List.of(a.name()), null, List.of())).getFirst();
        Attachment y = networks.attach(new AttachRequest("own-y", null, List.of("y"), List.of(a.name()), null, List.of())).getFirst();
        Networks reopened = Networks.open(store, options);
        reopened.check("own-x");
        reopened.detach("own-x");
        assertThat(Host.linkExists(x.hostVeth())).isFalse();

        try (var s = Files.list(options.runDir().resolve("cni-cache"))) {
            for (Path p : s.toList()) {
                Files.delete(p);
            }
        }
        reopened.detach("own-y");
        assertThat(Host.linkExists(y.hostVeth())).isFalse();
        assertThat(reopened.leases(a.name())).isEmpty();
        reopened.remove(a.name());
        assertThat(Host.linkExists(a.bridge())).isFalse();
    }

    @Test
    void defaultNetworkIsMadeOnFirstUseAndPortsMapFromLocalhost() throws Exception {
        int port = freePort();
        Attachment web = networks.attach(new AttachRequest("own-web", null, List.of("web"), List.of(), null,
                List.of(new PortMapping("", port, 8080, "tcp")))).getFirst();
        assertThat(web.network()).isEqualTo(Networks.DEFAULT);
        assertThat(web.bridge()).isEqualTo(tag + "d");
        Path www = Files.createDirectories(tmp.resolve("www"));
        Files.writeString(www.resolve("index.html"), "hello through portmap\n");
        processes.add(new ProcessBuilder("nsenter", "--net=" + networks.netns("own-web"), "/bin/busybox", "httpd", "-f", "-p", "8080",
                "-h", www.toString()).redirectErrorStream(true).start());
        assertThat(get(port)).contains("hello through portmap");
        assertThat(networks.details("own-web").getFirst().rules()).anyMatch(r -> r.contains("DNAT") && r.contains(web.ip() + ":8080"));

        assertThatThrownBy(() -> networks.attach(new AttachRequest("own-2", null, List.of(), List.of(), null,
                List.of(new PortMapping("", port, 80, "tcp"))))).hasMessage("host port " + port + "/tcp is already mapped to own-web");
        try (ServerSocket taken = new ServerSocket(0)) {
            assertThatThrownBy(() -> networks.attach(new AttachRequest("own-3", null, List.of(), List.of(), null,
                    List.of(new PortMapping("", taken.getLocalPort(), 80, "tcp")))))
                    .hasMessage("host port " + taken.getLocalPort() + "/tcp is already in use on the host");
        }
        assertThat(Host.isNetns(networks.netns("own-3"))).isFalse();
        assertThat(networks.attachments("own-3")).isEmpty();

        networks.detach("own-web");
        assertThat(Host.rulesMentioning("own-web")).isEmpty();
        assertThat(networks.list()).as("an idle default network goes").isEmpty();
        assertThat(Host.linkExists(tag + "d")).isFalse();
    }

    @Test
    void stickyAndStaticAddressesAndHostLocalDelegation() {
        NetworkInfo a = net("a", 1);
        String fixed = "10." + (octet + 1) + ".1.77";
        Attachment s = networks.attach(new AttachRequest("own-s", null, List.of(), List.of(a.name()), fixed, List.of())).getFirst();
        assertThat(s.ip()).isEqualTo(fixed);
        Attachment k = networks.attach(new AttachRequest("own-k1", "db-0", List.of(), List.of(a.name()), null, List.of())).getFirst();
        networks.detach("own-k1");
        networks.attach(new AttachRequest("own-other", null, List.of(), List.of(a.name()), null, List.of()));
        Attachment again = networks.attach(new AttachRequest("own-k2", "db-0", List.of(), List.of(a.name()), null, List.of())).getFirst();
        assertThat(again.ip()).isEqualTo(k.ip());

        NetworkInfo h = networks.create(new NetworkSpec(tag + "h", "10." + (octet + 1) + ".9.0/24", null, "10." + (octet + 1)
                + ".9.128/26", "host-local", tag + "h"));
        Attachment hl = networks.attach(new AttachRequest("own-h", null, List.of(), List.of(h.name()), null, List.of())).getFirst();
        assertThat(hl.ip()).startsWith("10." + (octet + 1) + ".9.").satisfies(ip ->
                assertThat(Integer.parseInt(ip.substring(ip.lastIndexOf('.') + 1))).isBetween(128, 191));
        assertThat(ping(networks.netns("own-h"), h.gateway())).isTrue();
    }

    @Test
    void dhcpDelegationGivesLeasesFromDnsmasqOnTheBridgeAndStopsItsProcessesOnRm() throws IOException {
        String prefix = "10." + (octet + 1) + ".6.";
        NetworkInfo d = networks.create(new NetworkSpec(tag + "h", prefix + "0/24", null, prefix + "64/26", "dhcp", tag + "h"));
        Attachment x = networks.attach(new AttachRequest("own-dx", null, List.of("dx"), List.of(d.name()), null, List.of())).getFirst();
        Attachment y = networks.attach(new AttachRequest("own-dy", null, List.of("dy"), List.of(d.name()), null, List.of())).getFirst();
        for (Attachment a : List.of(x, y)) {
            assertThat(a.address()).startsWith(prefix).endsWith("/24");
            assertThat(Integer.parseInt(a.ip().substring(prefix.length()))).isBetween(64, 127);
        }
        assertThat(x.ip()).isNotEqualTo(y.ip());
        assertThat(ping(networks.netns("own-dx"), y.ip())).isTrue();
        assertThat(Files.readString(options.runDir().resolve("dhcp").resolve(d.name() + ".leases"))).contains(x.ip(), y.ip());
        assertThatThrownBy(() -> networks.attach(new AttachRequest("own-dz", null, List.of(), List.of(d.name()), prefix + "70",
                List.of()))).hasMessageContaining("--ip needs a network with legends IPAM");

        long dnsmasq = Long.parseLong(Files.readString(options.runDir().resolve("dhcp").resolve(d.name() + ".dnsmasq.pid")).strip());
        long daemon = Long.parseLong(Files.readString(options.runDir().resolve("dhcp").resolve("dhcp.pid")).strip());
        networks.detach("own-dx");
        networks.detach("own-dy");
        networks.remove(d.name());
        assertThat(ProcessHandle.of(dnsmasq).map(ProcessHandle::isAlive).orElse(false)).isFalse();
        assertThat(ProcessHandle.of(daemon).map(ProcessHandle::isAlive).orElse(false)).isFalse();
        assertThat(Host.linkExists(d.bridge())).isFalse();
    }

    @Test
    void badNetworksAreOneClearErrorAndChangeNothing() {
        net("a", 1);
        assertThatThrownBy(() -> networks.create(new NetworkSpec(tag + "b", "10." + (octet + 1) + ".1.128/25", null, null, null, null)))
                .hasMessageContaining("overlaps network " + tag + "a");
        assertThatThrownBy(() -> networks.create(new NetworkSpec(tag + "b", "192.0.2.0/24", null, null, null, null)))
                .hasMessageContaining("overlaps the host route");
        assertThatThrownBy(() -> networks.create(new NetworkSpec("host", null, null, null, null, null))).hasMessageContaining("reserved");
        assertThatThrownBy(() -> networks.create(new NetworkSpec(tag + "b", "10." + (octet + 1) + ".2.0/24", "10.9.9.9", null, null,
                null))).hasMessageContaining("is not a host address of subnet");
        assertThatThrownBy(() -> networks.attach(new AttachRequest("o", null, List.of(), List.of("nope"), null, List.of())))
                .hasMessage("no such network: nope");
        assertThat(networks.list()).extracting(NetworkInfo::name).containsExactly(tag + "a");
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static String get(int port) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        IOException last = null;
        while (System.nanoTime() < deadline) {
            try (Socket s = new Socket("127.0.0.1", port)) {
                s.setSoTimeout(3000);
                s.getOutputStream().write("GET /index.html HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                try (InputStream in = s.getInputStream()) {
                    String r = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                    if (r.contains("200")) {
                        return r;
                    }
                }
            } catch (IOException e) {
                last = e;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no answer on 127.0.0.1:" + port, last);
    }
}
