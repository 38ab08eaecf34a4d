package dev.legends.network;

import dev.legends.store.Store;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

/**
 * bench/network.sh's harness (a main, not a test): allocate and release addresses through Legends
 * IPAM on a real SQLite file (the daemon's Store settings: each allocation and each release is its own
 * committed transaction, as in the daemon) and print the pairs per second.
 * Usage: IpamBenchmark DIR PAIRS
 */
public final class IpamBenchmark {
    private IpamBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        int pairs = Integer.parseInt(args[1]);
        Files.createDirectories(dir);
        try (Store store = Store.open(dir.resolve("legends.db"), Networks.SCHEMA)) {
            Subnet s = Subnet.parse("10.203.0.0/16");
            store.inTransaction(tx -> tx.update("INSERT INTO networks (name, bridge, subnet, gateway, range_start, range_end, ipam, created_ms)"
                    + " VALUES (?,?,?,?,?,?,?,?)", "bench", "br-bench", "10.203.0.0/16", s.firstHost(), s.firstHost(), s.lastHost(),
                    "legends", Instant.now().toEpochMilli()));
            run(store, Math.min(pairs, 200)); // warm-up: JIT and the page cache
            long t0 = System.nanoTime();
            run(store, pairs);
            double seconds = (System.nanoTime() - t0) / 1e9;
            System.out.printf("%.6f%n", seconds / pairs);
        }
    }

    private static void run(Store store, int pairs) {
        for (int i = 0; i < pairs; i++) {
            String owner = "c" + i;
            store.inTransaction(tx -> Ipam.allocate(tx, "bench", owner, null, null));
            store.inTransaction(tx -> {
                Ipam.release(tx, "bench", owner);
                return null;
            });
        }
    }
}
