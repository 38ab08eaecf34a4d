package dev.legends.build.local;

import dev.legends.build.BuildCache;
import dev.legends.build.CachedStep;
import dev.legends.build.Layer;
import dev.legends.build.LayerChain;
import dev.legends.core.Digest;
import dev.legends.image.ContentStore;
import dev.legends.snapshot.Snapshotter;
import dev.legends.store.Migration;
import dev.legends.store.Schema;
import dev.legends.store.Store;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The build cache in SQLite. A row is trusted only while what it points at is there: the
 * committed snapshot of its chain (a step's rootfs is prepared on it) and the layer blob (the
 * image's manifest names it); a row that lost either is dropped, and the step runs again.
 */
final class CacheTable implements BuildCache {
    static final Schema SCHEMA = new Schema("build", List.of(Migration.of(1, "build cache", """
            CREATE TABLE build_cache (
              key TEXT PRIMARY KEY,
              chain_id TEXT,
              diff_id TEXT,
              size INTEGER NOT NULL,
              created TEXT NOT NULL,
              used_ms INTEGER NOT NULL)""")));

    private record Row(String chainId, String diffId, long size, String created) {}

    private final Store store;
    private final Snapshotter snapshots;
    private final ContentStore content;

    CacheTable(Store store, Snapshotter snapshots, ContentStore content) {
        this.store = store;
        this.snapshots = snapshots;
        this.content = content;
    }

    @Override
    public Optional<CachedStep> lookup(String key, LayerChain parent) {
        Optional<Row> found = store.inTransaction(tx -> tx.queryOne(
                "SELECT chain_id, diff_id, size, created FROM build_cache WHERE key = ?",
                r -> new Row(r.getString(1), r.getString(2), r.getLong(3), r.getString(4)), key));
        if (found.isEmpty()) {
            return Optional.empty();
        }
        Row row = found.get();
        Optional<Layer> layer = Optional.empty();
        if (row.diffId() != null) {
            Digest diffId = Digest.parse(row.diffId());
            if (!row.chainId().equals(chainId(parent, diffId))) {
                return Optional.empty(); // made on another parent with the same key: the put after the rerun replaces it
            }
            if (snapshots.stat(row.chainId()).isEmpty() || !content.contains(diffId)) {
                store.inTransaction(tx -> tx.update("DELETE FROM build_cache WHERE key = ?", key));
                return Optional.empty();
            }
            layer = Optional.of(new Layer(diffId, row.size()));
        }
        store.inTransaction(tx -> tx.update("UPDATE build_cache SET used_ms = ? WHERE key = ?", System.currentTimeMillis(), key));
        return Optional.of(new CachedStep(layer, Instant.parse(row.created())));
    }

    @Override
    public void put(String key, LayerChain parent, CachedStep step) {
        String chainId = step.layer().map(l -> chainId(parent, l.diffId())).orElse(null);
        String diffId = step.layer().map(l -> l.diffId().toString()).orElse(null);
        long size = step.layer().map(Layer::size).orElse(0L);
        store.inTransaction(tx -> tx.update("""
                INSERT INTO build_cache (key, chain_id, diff_id, size, created, used_ms) VALUES (?,?,?,?,?,?)
                ON CONFLICT(key) DO UPDATE SET chain_id = excluded.chain_id, diff_id = excluded.diff_id,
                  size = excluded.size, created = excluded.created, used_ms = excluded.used_ms""",
                key, chainId, diffId, size, step.created().toString(), System.currentTimeMillis()));
    }

    private static String chainId(LayerChain parent, Digest diffId) {
        return parent.plus(diffId).chainId().orElseThrow().toString();
    }
}
