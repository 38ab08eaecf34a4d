package dev.legends.pod;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.legends.network.Attachment;
import dev.legends.network.NetworkOptions;
import dev.legends.network.NetworkSpec;
import dev.legends.network.Networks;
import dev.legends.runtime.ExecResult;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pods and containers on bridge networks through CNI: reachable by address and name inside a
 * network, isolated across networks, reachable from 127.0.0.1 through a mapped port, and gone
 * without a trace on rm. Traffic goes only to 127.0.0.1 and to the test's own namespaces.
 */
@Tag("runc")
class PodNetworkTest {
    @TempDir
    Path tmp;

    EngineFixture fx;
    final String tag = "lgt" + Integer.toString(ThreadLocalRandom.current().nextInt(1 << 20), 36);
    final int octet = 201 + ThreadLocalRandom.current().nextInt(24) * 2;
    String front;
    String back;

    @BeforeEach
    void setUp() throws Exception {
        fx = new EngineFixture(tmp, NetworkOptions.of(tmp.resolve("netrun")).withDefault(tag + "d", "10." + octet + ".0.0/24"));
        front = tag + "f";
        back = tag + "b";
        fx.networks.create(new NetworkSpec(front, "10." + (octet + 1) + ".1.0/24", null, null, null, front));
        fx.networks.create(new NetworkSpec(back, "10." + (octet + 1) + ".2.0/24", null, null, null, back));
    }

    @AfterEach
    void tearDown() {
        fx.close();
    }

    private String sh(String container, String script) {
        ExecResult r = fx.containers().exec(container, List.of("sh", "-c", script), null, null, null);
        return r.exitCode() + ":" + r.stdout().strip();
    }

    @Test
    void podsOnANetworkReachEachOtherByAddressAndNameNotAcrossNetworksAndThroughAMappedPort() throws Exception {
        int port = freePort();
        PodInfo web = fx.pods().create(new PodSpec("web", null, false, NetworkMode.DEFAULT, List.of(front), null,
                List.of(port + ":8080"), null));
        fx.run(EngineFixture.busybox("sh", "-c", "mkdir -p /www && echo hello from web > /www/index.html && exec httpd -f -p 8080 -h /www")
                .pod("web").name("httpd"));
        PodInfo client = fx.pods().create(new PodSpec("client", null, false, NetworkMode.DEFAULT, List.of(front), null, List.of(), null));
        fx.run(EngineFixture.busybox("sleep", "1000").pod("client").name("c1"));
        PodInfo other = fx.pods().create(new PodSpec("other", null, false, NetworkMode.DEFAULT, List.of(back), null, List.of(), null));
        fx.run(EngineFixture.busybox("sleep", "1000").pod("other").name("o1"));

        String webIp = fx.pods().inspect("web").pod().addresses().getFirst();
        assertThat(webIp).startsWith("10." + (octet + 1) + ".1.");
        assertThat(fx.pods().list()).filteredOn(p -> p.name().equals("client")).singleElement()
                .satisfies(p -> assertThat(p.addresses()).singleElement().asString().startsWith("10." + (octet + 1) + ".1."));

        String fetch = "for i in $(seq 50); do timeout 3 wget -q -O - http://%s:8080/index.html && exit 0; sleep 0.1; done; exit 1";
        assertThat(sh("c1", fetch.formatted(webIp))).isEqualTo("0:hello from web");
        assertThat(sh("c1", fetch.formatted("web"))).as("by name, from /etc/hosts").isEqualTo("0:hello from web");
        assertThat(sh("c1", "cat /etc/hosts")).contains(webIp + "\tweb");
        assertThat(sh("o1", "timeout 3 wget -q -O - http://" + webIp + ":8080/index.html")).as("another network").doesNotStartWith("0:");
        assertThat(sh("o1", "cat /etc/hosts")).doesNotContain("web");
        String gateway = fx.networks.inspect(front).gateway();
        assertThat(sh("c1", "ping -c 1 -W 2 " + gateway + " >/dev/null && echo host")).as("pod to host").isEqualTo("0:host");
        assertThat(get(port)).contains("hello from web");

        PodDetails d = fx.pods().inspect("web");
        Attachment a = d.networks().getFirst();
        assertThat(a.bridge()).isEqualTo(front);
        assertThat(a.hostVeth()).isNotBlank();
        assertThat(a.routes()).contains("0.0.0.0/0 via " + fx.networks.inspect(front).gateway());
        assertThat(sh("httpd", "cat /sys/class/net/eth0/ifindex")).isEqualTo("0:" + a.peerIndex());
        assertThat(a.rules()).anyMatch(r -> r.contains("DNAT") && r.contains(webIp + ":8080"));
        assertThat(fx.containers().get("httpd").addresses()).containsExactly(webIp);

        assertThatThrownBy(() -> fx.pods().create(new PodSpec("again", null, false, NetworkMode.DEFAULT, List.of(front), null,
                List.of(port + ":80"), null))).hasMessageContaining("host port " + port + "/tcp is already mapped");
        assertThat(fx.pods().list()).extracting(PodInfo::name).doesNotContain("again");

        fx.pods().remove("web", true);
        assertThat(Files.exists(Path.of("/sys/class/net", a.hostVeth()))).isFalse();
        assertThat(fx.networks.leases(front)).extracting(dev.legends.network.Lease::owner).containsExactly(client.id());
        assertThat(fx.networks.details(web.id())).isEmpty();
        assertThat(Files.exists(fx.networks.netns(web.id()))).isFalse();
        assertThat(iptablesSave()).doesNotContain(web.id());
        assertThat(sh("c1", "cat /etc/hosts")).doesNotContain("web");
        assertThat(other.addresses()).isNotNull();
    }

    @Test
    void aContainerGetsItsFixedAddressAndTheDefaultNetworkAndGivesThemBack() {
        String fixed = "10." + (octet + 1) + ".1.99";
        ContainerInfo db = fx.run(EngineFixture.busybox("sleep", "1000").name("db").network(front).ip(fixed));
        assertThat(db.addresses()).containsExactly(fixed);
        ContainerInfo app = fx.run(EngineFixture.busybox("sleep", "1000").name("app").network(front));
        assertThat(sh("app", "ping -c 1 -W 2 db >/dev/null && echo ok")).isEqualTo("0:ok");
        assertThat(sh("app", "cat /etc/resolv.conf >/dev/null && hostname")).isEqualTo("0:" + app.id().substring(0, 12));

        ContainerInfo dflt = fx.run(EngineFixture.busybox("sleep", "1000").name("plain"));
        assertThat(dflt.addresses()).singleElement().asString().startsWith("10." + octet + ".0.");
        assertThat(fx.networks.inspect(Networks.DEFAULT).bridge()).isEqualTo(tag + "d");
        ContainerInfo none = fx.run(EngineFixture.busybox("sleep", "1000").name("alone").network("none"));
        assertThat(none.addresses()).isEmpty();
        assertThat(sh("alone", "ip -o link | wc -l")).isEqualTo("0:1");

        assertThatThrownBy(() -> fx.run(EngineFixture.busybox("true").network(front).ip(fixed)))
                .hasMessageContaining("address " + fixed + " on network " + front + " is already in use");
        assertThatThrownBy(() -> fx.run(EngineFixture.busybox("true").network("nope"))).hasMessageContaining("no such network: nope");
        assertThatThrownBy(() -> fx.run(EngineFixture.busybox("true").network("none").publish("8080:80")))
                .hasMessageContaining("--ip and -p need a network");
        assertThat(fx.containers().list(true)).extracting(ContainerInfo::name).containsExactlyInAnyOrder("db", "app", "plain", "alone");

        fx.containers().remove("db", true);
        assertThat(fx.networks.leases(front)).extracting(dev.legends.network.Lease::address).doesNotContain(fixed);
        assertThat(sh("app", "cat /etc/hosts")).doesNotContain(fixed);
    }

    @Test
    void aStickyIdentityGetsItsAddressBackAndLeasesOfOwnersThatNeverGotARecordAreCollected() {
        ContainerInfo first = fx.run(EngineFixture.busybox("sleep", "1000").name("db-a").network(front).identity("db-0"));
        fx.containers().remove("db-a", true);
        fx.run(EngineFixture.busybox("sleep", "1000").name("filler").network(front));
        ContainerInfo again = fx.run(EngineFixture.busybox("sleep", "1000").name("db-b").network(front).identity("db-0"));
        assertThat(again.addresses()).isEqualTo(first.addresses());

        // a daemon killed between the attach and the record of a run: the next engine takes the attachment back
        Attachment orphan = fx.networks.attach(new dev.legends.network.AttachRequest("0123456789abcdef", null, List.of("ghost"),
                List.of(front), null, List.of())).getFirst();
        fx.engine.close();
        fx.engine = fx.open();
        assertThat(fx.networks.attachments("0123456789abcdef")).isEmpty();
        assertThat(Files.exists(Path.of("/sys/class/net", orphan.hostVeth()))).isFalse();
        assertThat(fx.networks.leases(front)).extracting(dev.legends.network.Lease::address).doesNotContain(orphan.ip());
        assertThat(fx.containers().get("db-b").addresses()).isEqualTo(first.addresses());
    }

    @Test
    void networkSurvivesAnEngineRestartAndRmAfterItCleansUpThroughTheCache() {
        ContainerInfo c = fx.run(EngineFixture.busybox("sleep", "1000").name("keep").network(front));
        String ip = c.addresses().getFirst();
        fx.engine.close();
        fx.engine = fx.open();
        assertThat(fx.containers().get("keep").addresses()).containsExactly(ip);
        fx.networks.check(c.id());
        String veth = fx.networks.attachments(c.id()).getFirst().hostVeth();
        fx.containers().remove("keep", true);
        assertThat(Files.exists(Path.of("/sys/class/net", veth))).isFalse();
        assertThat(fx.networks.leases(front)).isEmpty();
    }

    private static String iptablesSave() throws IOException, InterruptedException {
        Process p = new ProcessBuilder("iptables-save").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(10, TimeUnit.SECONDS);
        return out;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static String get(int port) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
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
                // not listening yet
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no answer on 127.0.0.1:" + port);
    }
}
