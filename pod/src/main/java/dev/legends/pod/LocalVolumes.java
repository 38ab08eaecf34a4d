package dev.legends.pod;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.legends.core.Json;
import dev.legends.core.LegendsException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;

/**
 * The engine's volumes: rows in the pod schema's {@code volumes} table, directories in
 * {@link VolumeDirs}. Who uses a volume is read from the containers' records, plus the runs in
 * progress that reserved it, so that an rm between a run's check and its record cannot pull a
 * volume from under it. Volume operations are rare: one monitor orders them all.
 */
final class LocalVolumes implements Volumes {
    private static final String COLUMNS = "name, anonymous, labels, created_ms";

    private record Row(String name, boolean anonymous, Map<String, String> labels, Instant created) {}

    private final Records records;
    private final Path dir;
    private final VolumeDirs dirs;
    private final EventLog events;
    /** Volumes named by runs that have not recorded their container yet, with how many such runs. */
    private final Map<String, Integer> reserved = new HashMap<>();

    LocalVolumes(Records records, Path dir, EventLog events) {
        this.records = records;
        this.dir = dir;
        this.dirs = new VolumeDirs(dir);
        this.events = events;
    }

    static Path dataDir(Path volumesDir, String name) {
        return volumesDir.resolve(name).resolve("_data");
    }

    Path dir() {
        return dir;
    }

    @Override
    public synchronized VolumeInfo create(String name, Map<String, String> labels) {
        String n = name == null || name.isBlank() ? Names.newId() : name;
        VolumeSpec.checkName(n);
        if (row(n).isEmpty()) {
            make(n, labels, false, null);
        }
        return inspect(n);
    }

    @Override
    public List<VolumeInfo> list() {
        Map<String, List<String>> users = users();
        return rows().stream().map(r -> info(r, users)).toList();
    }

    @Override
    public VolumeInfo inspect(String name) {
        return info(find(name), users());
    }

    @Override
    public synchronized void remove(String name, boolean force) {
        Optional<Row> r = row(name);
        if (r.isEmpty()) {
            if (force) {
                return;
            }
            throw LegendsException.notFound("no such volume: " + name);
        }
        List<String> by = users().getOrDefault(name, List.of());
        if (!by.isEmpty() || reserved.containsKey(name)) {
            throw LegendsException.precondition("cannot remove volume " + name + ": it is in use by container "
                    + (by.isEmpty() ? "(a run in progress)" : String.join(", ", by)) + ": remove the container first");
        }
        delete(name);
    }

    @Override
    public synchronized Pruned prune() {
        Map<String, List<String>> users = users();
        List<String> removed = new ArrayList<>();
        long bytes = 0;
        for (Row r : rows()) {
            if (!users.containsKey(r.name()) && !reserved.containsKey(r.name())) {
                bytes += delete(r.name());
                removed.add(r.name());
            }
        }
        return new Pruned(removed, bytes);
    }

    /** At engine start: directories without a record go, records without data get an empty directory. */
    void recover() {
        dirs.recover(rows().stream().map(Row::name).collect(Collectors.toSet()));
    }

    /**
     * The volumes a run mounts: named ones are made on first use, each lone {@code /DST} gets an
     * anonymous volume; a new (or still empty and unused) volume is filled from the image's files
     * at its path in {@code rootfs}. Returns the specs to record, with anonymous volumes named.
     */
    synchronized Use use(List<String> specs, Path rootfs) {
        Use use = new Use();
        try {
            Map<String, List<String>> users = users();
            for (String s : specs) {
                VolumeSpec v = VolumeSpec.parse(s);
                if (v.kind() == VolumeSpec.Kind.BIND) {
                    use.specs.add(s);
                    continue;
                }
                boolean anonymous = v.kind() == VolumeSpec.Kind.ANONYMOUS;
                String name = anonymous ? Names.newId() : v.source();
                Path seed = RootPaths.resolve(rootfs, v.destination());
                if (row(name).isEmpty()) {
                    make(name, Map.of(), anonymous, seed);
                    use.created.add(name);
                } else if (!users.containsKey(name) && !reserved.containsKey(name) && !use.names.contains(name) && dirs.isEmpty(name)) {
                    dirs.fill(name, seed);
                }
                reserved.merge(name, 1, Integer::sum);
                use.names.add(name);
                use.specs.add(anonymous ? v.named(name) : s);
            }
            return use;
        } catch (RuntimeException e) {
            undo(use);
            throw e;
        }
    }

    /** The run's container is recorded: it holds its volumes from now on. */
    synchronized void release(Use use) {
        if (use.released.compareAndSet(false, true)) {
            use.names.forEach(n -> reserved.computeIfPresent(n, (k, count) -> count > 1 ? count - 1 : null));
        }
    }

    /** The run failed: the volumes it made go again. */
    synchronized void undo(Use use) {
        release(use);
        Map<String, List<String>> users = users();
        for (String n : use.created) {
            if (!users.containsKey(n) && !reserved.containsKey(n) && row(n).isPresent()) {
                delete(n);
            }
        }
    }

    /** Docker's {@code --rm}: the anonymous volumes of a removed container go with it. */
    synchronized void removeAnonymous(StoredContainer c) {
        Map<String, List<String>> users = users();
        for (String s : c.options().volumes()) {
            VolumeSpec v = VolumeSpec.parse(s);
            if (v.kind() == VolumeSpec.Kind.NAMED && !users.containsKey(v.source()) && !reserved.containsKey(v.source())
                    && row(v.source()).map(Row::anonymous).orElse(false)) {
                delete(v.source());
            }
        }
    }

    /** What a run holds: the specs to record, the volumes it reserved, and those it made. */
    static final class Use {
        final List<String> specs = new ArrayList<>();
        final List<String> names = new ArrayList<>();
        final List<String> created = new ArrayList<>();
        final AtomicBoolean released = new AtomicBoolean();
    }

    private void make(String name, Map<String, String> labels, boolean anonymous, Path seed) {
        dirs.create(name, seed);
        records.tx(t -> t.update("INSERT INTO volumes (" + COLUMNS + ") VALUES (?,?,?,?)", name, anonymous ? 1 : 0,
                Json.compact(labels == null ? Map.of() : new LinkedHashMap<>(labels)), Instant.now().toEpochMilli()));
        events.volume(name, "created" + (anonymous ? " (anonymous)" : ""));
    }

    /** Unrecords, then deletes: a cut in between leaves a directory the next start removes. */
    private long delete(String name) {
        records.tx(t -> t.update("DELETE FROM volumes WHERE name = ?", name));
        long bytes = dirs.remove(name);
        events.volume(name, "removed");
        return bytes;
    }

    private Row find(String name) {
        return row(name).orElseThrow(() -> LegendsException.notFound("no such volume: " + name));
    }

    private Optional<Row> row(String name) {
        return records.tx(t -> t.queryOne("SELECT " + COLUMNS + " FROM volumes WHERE name = ?", LocalVolumes::row, name));
    }

    private List<Row> rows() {
        return records.tx(t -> t.query("SELECT " + COLUMNS + " FROM volumes ORDER BY name", LocalVolumes::row));
    }

    /** Volume name to the names of the containers whose records mount it. */
    private Map<String, List<String>> users() {
        Map<String, List<String>> out = new HashMap<>();
        for (StoredContainer c : records.containers()) {
            for (String s : c.options().volumes()) {
                try {
                    VolumeSpec v = VolumeSpec.parse(s);
                    if (v.kind() == VolumeSpec.Kind.NAMED) {
                        out.computeIfAbsent(v.source(), k -> new ArrayList<>()).add(c.name());
                    }
                } catch (LegendsException e) {
                    // a spec recorded before volumes were understood: a bind at most
                }
            }
        }
        return out;
    }

    private VolumeInfo info(Row r, Map<String, List<String>> users) {
        return new VolumeInfo(r.name(), "local", dataDir(dir, r.name()), r.created(), r.labels(), r.anonymous(),
                users.getOrDefault(r.name(), List.of()).stream().sorted().toList());
    }

    private static Row row(ResultSet r) throws SQLException {
        Map<String, String> labels = Json.mapper().convertValue(
                Json.read(r.getString(3).getBytes(StandardCharsets.UTF_8), Map.class), new TypeReference<Map<String, String>>() {});
        return new Row(r.getString(1), r.getInt(2) != 0, labels, Instant.ofEpochMilli(r.getLong(4)));
    }
}
