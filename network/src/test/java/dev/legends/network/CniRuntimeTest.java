package dev.legends.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.legends.core.Json;
import dev.legends.network.cni.CniConfList;
import dev.legends.network.cni.CniResult;
import dev.legends.network.cni.CniRuntime;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CNI exec protocol against the real plugins, in a namespace and on a bridge this test makes. */
@Tag("root")
class CniRuntimeTest {
    @TempDir
    Path tmp;

    final String bridge = "lgt" + Integer.toString(ThreadLocalRandom.current().nextInt(1 << 20), 36) + "c";
    final String subnet = "10." + (200 + ThreadLocalRandom.current().nextInt(50)) + ".77.0/24";
    Path netns;

    @BeforeEach
    void setUp() {
        netns = tmp.resolve("ns");
        Host.createNetns(netns);
    }

    @AfterEach
    void tearDown() {
        Host.removeNetns(netns);
        Host.deleteLink(bridge);
    }

    private CniRuntime runtime() {
        return new CniRuntime(List.of(Path.of("/usr/lib/cni")), tmp.resolve("cache"), Duration.ofSeconds(20));
    }

    private CniConfList conf() {
        String json = """
                {"cniVersion": "1.0.0", "name": "cnitest", "plugins": [
                  {"type": "bridge", "bridge": "%s", "isGateway": true, "ipMasq": true,
                   "ipam": {"type": "host-local", "ranges": [[{"subnet": "%s"}]], "dataDir": "%s"}},
                  {"type": "portmap", "capabilities": {"portMappings": true}},
                  {"type": "loopback"}]}""".formatted(bridge, subnet, tmp.resolve("ipam"));
        return CniConfList.parse(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void addGivesAnAddressCheckPassesAndDelFromTheCacheOfAnotherRuntimeCleansUp() {
        CniResult r = runtime().add(conf(), new CniRuntime.Attach("c1", netns, "eth0", Map.of()));
        assertThat(r.address()).startsWith(subnet.substring(0, subnet.lastIndexOf('.') + 1)).endsWith("/24");
        String veth = r.hostVeth(bridge).name();
        assertThat(Host.linkExists(veth)).isTrue();
        assertThat(r.sandboxInterface("eth0").mac()).isNotBlank();

        CniRuntime reopened = runtime(); // as after a daemon restart: only the cache knows the ADD
        reopened.check("cnitest", "c1", "eth0");
        assertThat(reopened.cachedResult("cnitest", "c1", "eth0")).isPresent();
        reopened.del("cnitest", "c1", "eth0", null, netns);
        assertThat(Host.linkExists(veth)).isFalse();
        assertThat(reopened.cachedResult("cnitest", "c1", "eth0")).isEmpty();
        assertThat(Host.rulesMentioning("\"c1\"")).isEmpty();
        reopened.del("cnitest", "c1", "eth0", null, netns); // twice is fine: nothing cached, nothing to do
    }

    @Test
    void pluginErrorsAndMissingPluginsAreOneClearLine() {
        ObjectNode bad = Json.mapper().createObjectNode();
        bad.put("type", "bridge");
        bad.put("bridge", bridge);
        bad.putObject("ipam").put("type", "static").putArray("addresses").addObject().put("address", "not-an-ip");
        CniConfList list = new CniConfList("1.0.0", "cnitest", List.of(bad));
        assertThatThrownBy(() -> runtime().add(list, new CniRuntime.Attach("c2", netns, "eth0", Map.of())))
                .hasMessageStartingWith("CNI ADD bridge on cnitest failed")
                .hasMessageNotContaining("\n");
        ObjectNode missing = Json.mapper().createObjectNode().put("type", "no-such-plugin");
        assertThatThrownBy(() -> runtime().add(new CniConfList("1.0.0", "cnitest", List.of(missing)),
                new CniRuntime.Attach("c3", netns, "eth0", Map.of()))).hasMessageContaining("CNI plugin no-such-plugin not found");
        assertThat(Files.exists(tmp.resolve("cache"))).isFalse();
    }
}
