package dev.legends.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.legends.store.Store;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Legends IPAM on a real SQLite file: no address twice, round robin, sticky and static addresses. */
class IpamTest {
    @TempDir
    Path tmp;

    Store store;

    @BeforeEach
    void setUp() {
        store = open();
        net("small", "10.201.0.0/29", null); // hosts .1-.6, gateway .1: 5 addresses
        net("big", "10.202.0.0/16", "10.202.3.0/24");
    }

    @AfterEach
    void tearDown() {
        store.close();
    }

    private Store open() {
        return Store.open(tmp.resolve("legends.db"), Networks.SCHEMA);
    }

    private void net(String name, String cidr, String range) {
        Subnet s = Subnet.parse(cidr);
        Subnet r = range == null ? s : Subnet.parse(range);
        long start = Math.max(r.network(), s.firstHost());
        long end = Math.min(r.broadcast(), s.lastHost());
        store.inTransaction(tx -> tx.update("INSERT INTO networks (name, bridge, subnet, gateway, range_start, range_end, ipam, created_ms)"
                + " VALUES (?,?,?,?,?,?,?,?)", name, "br-" + name, cidr, s.firstHost(), start, end, "legends", Instant.now().toEpochMilli()));
    }

    private String alloc(String net, String owner, String identity, String ip) {
        return Subnet.format(store.inTransaction(tx -> Ipam.allocate(tx, net, owner, identity, ip)));
    }

    private List<Lease> leases(String net) {
        return store.inTransaction(tx -> Ipam.leases(tx, net));
    }

    private void release(String net, String owner) {
        store.inTransaction(tx -> {
            Ipam.release(tx, net, owner);
            return null;
        });
    }

    @Test
    void fillsThePoolSkippingTheGatewayThenFailsWithOneClearError() {
        List<String> got = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            got.add(alloc("small", "c" + i, null, null));
        }
        assertThat(got).containsExactly("10.201.0.2", "10.201.0.3", "10.201.0.4", "10.201.0.5", "10.201.0.6");
        assertThatThrownBy(() -> alloc("small", "c5", null, null))
                .hasMessage("network small has no free address: all 6 addresses of 10.201.0.1-10.201.0.6 are leased");
    }

    @Test
    void roundRobinDoesNotReuseAFreedAddressAtOnceAndTheCursorSurvivesReopen() {
        alloc("small", "a", null, null); // .2
        alloc("small", "b", null, null); // .3
        release("small", "a");
        store.close();
        store = open();
        assertThat(alloc("small", "c", null, null)).isEqualTo("10.201.0.4");
        assertThat(alloc("small", "d", null, null)).isEqualTo("10.201.0.5");
        assertThat(alloc("small", "e", null, null)).isEqualTo("10.201.0.6");
        assertThat(alloc("small", "f", null, null)).as("wraps around to the freed one").isEqualTo("10.201.0.2");
    }

    @Test
    void theSameOwnerAsksTwiceAndGetsItsAddressAgain() {
        String a = alloc("big", "x", null, null);
        assertThat(alloc("big", "x", null, null)).isEqualTo(a);
        assertThat(a).startsWith("10.202.3.");
    }

    @Test
    void stickyIdentityKeepsItsAddressAcrossReleaseReopenAndRedeploy() {
        String first = alloc("big", "web-0-run1", "web-0", null);
        alloc("big", "other", null, null);
        release("big", "web-0-run1");
        assertThat(leases("big")).filteredOn(l -> l.address().equals(first)).singleElement()
                .satisfies(l -> {
                    assertThat(l.owner()).isNull();
                    assertThat(l.sticky()).isTrue();
                });
        // nobody else gets the kept address, however many come
        for (int i = 0; i < 20; i++) {
            assertThat(alloc("big", "n" + i, null, null)).isNotEqualTo(first);
        }
        store.close();
        store = open();
        assertThat(alloc("big", "web-0-run2", "web-0", null)).isEqualTo(first);
        assertThatThrownBy(() -> alloc("big", "web-0-run3", "web-0", null)).hasMessageContaining("identity web-0 already holds address");
    }

    @Test
    void staticAddressOnRequestAndItsErrors() {
        assertThat(alloc("big", "s", null, "10.202.9.9")).isEqualTo("10.202.9.9");
        assertThatThrownBy(() -> alloc("big", "t", null, "10.202.9.9")).hasMessage("address 10.202.9.9 on network big is already in use by s");
        assertThatThrownBy(() -> alloc("big", "t", null, "10.203.0.1")).hasMessageContaining("not a host address of network big");
        assertThatThrownBy(() -> alloc("big", "t", null, "10.202.0.1")).hasMessage("address 10.202.0.1 is the gateway of network big");
        assertThatThrownBy(() -> alloc("big", "t", null, "10.202.300.1")).hasMessage("invalid IPv4 address 10.202.300.1");
        assertThat(leases("big")).extracting(Lease::owner).containsExactly("s");
    }

    @Test
    void leasesOfGoneOwnersAreCollectedButStickyAddressesStayKept() {
        alloc("big", "alive", null, null);
        String dead = alloc("big", "dead", null, null);
        String kept = alloc("big", "dead-sticky", "db-0", null);
        int n = store.inTransaction(tx -> Ipam.collect(tx, o -> o.equals("alive")));
        assertThat(n).isEqualTo(2);
        List<Lease> leases = leases("big");
        assertThat(leases).extracting(Lease::address).doesNotContain(dead).contains(kept);
        assertThat(leases).extracting(Lease::owner).containsOnly("alive", null);
    }

    @Test
    void sixtyFourParallelAllocationsNeverShareAnAddress() throws Exception {
        ConcurrentLinkedQueue<String> got = new ConcurrentLinkedQueue<>();
        try (var pool = Executors.newFixedThreadPool(16)) {
            for (int i = 0; i < 64; i++) {
                String owner = "p" + i;
                pool.submit(() -> got.add(alloc("big", owner, null, null)));
            }
        }
        assertThat(got).hasSize(64).doesNotHaveDuplicates();
    }

    /** Property: any sequence of allocations and releases keeps leases unique and owners' addresses stable. */
    @Test
    void randomAllocateReleaseSequencesNeverHandOutAnAddressTwice() {
        Random rnd = new Random(7);
        java.util.Map<String, String> held = new java.util.HashMap<>();
        for (int step = 0; step < 400; step++) {
            String owner = "o" + rnd.nextInt(8);
            if (held.containsKey(owner) && rnd.nextBoolean()) {
                release("small", owner);
                held.remove(owner);
            } else if (!held.containsKey(owner) && held.size() < 5) {
                String a = alloc("small", owner, null, null);
                assertThat(held.values()).doesNotContain(a);
                held.put(owner, a);
            }
            if (step % 100 == 0) {
                store.close();
                store = open();
            }
            Set<String> leased = new HashSet<>(leases("small").stream().map(Lease::address).toList());
            assertThat(leased).isEqualTo(new HashSet<>(held.values()));
        }
    }
}
