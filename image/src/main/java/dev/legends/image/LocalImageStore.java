package dev.legends.image;

import dev.legends.core.Digest;
import dev.legends.core.LegendsException;
import dev.legends.image.oci.Descriptor;
import dev.legends.image.oci.ImageIndex;
import dev.legends.image.oci.Manifest;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The image store over a local content directory. */
final class LocalImageStore implements ImageStore {
    private static final Pattern ID = Pattern.compile("(?:sha256:)?([0-9a-f]{1,64})");

    private final FileContentStore content;
    private final IndexFile index;
    private final ImageReader reader;

    private LocalImageStore(FileContentStore content) {
        this.content = content;
        this.index = new IndexFile(content.directory().resolve(FileContentStore.INDEX_FILE), content.lock());
        this.reader = new ImageReader(content);
    }

    static LocalImageStore open(Path root) {
        return new LocalImageStore(FileContentStore.open(root.resolve("content")));
    }

    @Override
    public ContentStore content() {
        return content;
    }

    @Override
    public Image resolve(String nameOrId) {
        Image image = find(index.read(), nameOrId);
        if (image == null) {
            throw LegendsException.notFound("no such image: " + nameOrId);
        }
        return image;
    }

    @Override
    public List<ImageSummary> list() {
        List<ImageSummary> rows = new ArrayList<>();
        for (Descriptor entry : index.read().manifests()) {
            Image image;
            try {
                image = image(List.of(), reader.resolve(entry));
            } catch (LegendsException e) {
                continue; // an entry whose blobs are gone or foreign: nothing to show
            }
            rows.add(new ImageSummary(IndexEntries.name(entry), image.id(), image.manifestDigest(), image.created(), image.size()));
        }
        rows.sort(Comparator.comparing(ImageSummary::created, Comparator.nullsLast(Comparator.<Instant>reverseOrder()))
                .thenComparing(s -> String.valueOf(s.reference())));
        return rows;
    }

    @Override
    public void tag(String source, String target) {
        Reference name = Reference.parse(target);
        if (name.digest() != null) {
            throw LegendsException.invalid("tag " + target + ": a tag cannot contain a digest");
        }
        index.update(idx -> {
            Image image = find(idx, source);
            if (image == null) {
                throw LegendsException.notFound("tag " + target + ": no such image: " + source);
            }
            return new IndexFile.Change<>(idx.withManifests(named(idx.manifests(), image.manifestDescriptor(), name)), null);
        });
    }

    @Override
    public Reference untag(String reference) {
        Reference name = Reference.parse(reference);
        return index.update(idx -> {
            List<Descriptor> next = new ArrayList<>(idx.manifests());
            if (!next.removeIf(e -> IndexEntries.isNamed(e, name))) {
                throw LegendsException.notFound("no such image: " + reference);
            }
            return new IndexFile.Change<>(idx.withManifests(next), name);
        });
    }

    @Override
    public RemoveResult remove(String nameOrId, boolean force) {
        return index.update(idx -> {
            List<Descriptor> entries = idx.manifests();
            Reference name = Reference.isValid(nameOrId) ? Reference.parse(nameOrId) : null;
            if (name != null && name.digest() == null && entries.stream().anyMatch(e -> IndexEntries.isNamed(e, name))) {
                Digest id = idOf(entries.stream().filter(e -> IndexEntries.isNamed(e, name)).findFirst().orElseThrow());
                List<Descriptor> next = new ArrayList<>(entries);
                next.removeIf(e -> IndexEntries.isNamed(e, name));
                boolean last = id != null && next.stream().noneMatch(e -> id.equals(idOf(e)));
                return new IndexFile.Change<>(idx.withManifests(next), new RemoveResult(List.of(name), last ? id : null));
            }
            Image image = find(idx, nameOrId);
            if (image == null) {
                throw LegendsException.notFound("no such image: " + nameOrId);
            }
            Set<String> repositories = new TreeSet<>();
            image.references().forEach(r -> repositories.add(r.repository()));
            if (repositories.size() > 1 && !force) {
                throw LegendsException.precondition("remove image " + image.id().shortHex()
                        + ": it is referenced in multiple repositories (" + String.join(", ", repositories)
                        + "); remove it by name, or force");
            }
            List<Descriptor> next = new ArrayList<>(entries);
            next.removeIf(e -> image.id().equals(idOf(e)));
            return new IndexFile.Change<>(idx.withManifests(next), new RemoveResult(image.references(), image.id()));
        });
    }

    @Override
    public PruneResult prune() {
        return content.lock().call(() -> new GarbageCollector(content).collect(index.read()));
    }

    @Override
    public void add(List<? extends StagedBlob> blobs, List<NewImage> images) {
        content.lock().run(() -> {
            content.commitAll(blobs);
            for (NewImage image : images) {
                requireComplete(image.manifest());
            }
            index.update(idx -> {
                List<Descriptor> next = idx.manifests();
                for (NewImage image : images) {
                    if (image.references().isEmpty()) {
                        if (next.stream().noneMatch(e -> e.digest().equals(image.manifest().digest()))) {
                            next = append(next, IndexEntries.entry(image.manifest(), null));
                        }
                    }
                    for (Reference ref : image.references()) {
                        next = named(next, image.manifest(), ref);
                    }
                }
                return new IndexFile.Change<>(idx.withManifests(next), null);
            });
        });
    }

    private void requireComplete(Descriptor manifest) {
        ImageReader.Resolved r = reader.resolve(manifest);
        Manifest m = r.manifest();
        List<Descriptor> needed = new ArrayList<>(m.layers());
        needed.add(m.config());
        for (Descriptor d : needed) {
            if (!content.contains(d.digest())) {
                throw LegendsException.invalid("image " + manifest.digest() + ": blob " + d.digest() + " is missing");
            }
        }
    }

    /** Entries with {@code ref} moved to {@code manifest}; the manifest's untagged entry is no longer needed. */
    private static List<Descriptor> named(List<Descriptor> entries, Descriptor manifest, Reference ref) {
        List<Descriptor> next = new ArrayList<>(entries);
        next.removeIf(e -> IndexEntries.isNamed(e, ref)
                || (e.digest().equals(manifest.digest()) && e.annotation(Descriptor.REF_NAME) == null));
        next.add(IndexEntries.entry(manifest, ref));
        return next;
    }

    private static List<Descriptor> append(List<Descriptor> entries, Descriptor entry) {
        List<Descriptor> next = new ArrayList<>(entries);
        next.add(entry);
        return next;
    }

    /** Name, name@digest, full id, then id prefix: the order docker tries them in. */
    private Image find(ImageIndex idx, String text) {
        List<Descriptor> entries = idx.manifests();
        if (text.startsWith("sha256:") && text.length() == 71) {
            return byId(entries, id -> id.toString().equals(text));
        }
        if (Reference.isValid(text)) {
            Reference ref = Reference.parse(text);
            for (Descriptor e : entries) {
                boolean match = ref.digest() != null ? e.digest().equals(ref.digest()) && sameRepository(e, ref)
                        : IndexEntries.isNamed(e, ref);
                if (match) {
                    ImageReader.Resolved r = reader.resolve(e);
                    return image(entries, r);
                }
            }
        }
        Matcher m = ID.matcher(text);
        if (!m.matches()) {
            return null;
        }
        String prefix = m.group(1);
        Set<Digest> ids = new LinkedHashSet<>();
        for (Descriptor e : entries) {
            Digest id = idOf(e);
            if (id != null && id.hex().startsWith(prefix)) {
                ids.add(id);
            }
        }
        if (ids.size() > 1) {
            throw LegendsException.invalid("image id prefix " + text + " is ambiguous: it matches " + ids.size() + " images");
        }
        return ids.isEmpty() ? null : byId(entries, ids.iterator().next()::equals);
    }

    /** name@digest finds the manifest under that repository's names, or an untagged one. */
    private static boolean sameRepository(Descriptor entry, Reference ref) {
        Reference name = IndexEntries.name(entry);
        return name == null || name.repository().equals(ref.repository());
    }

    private Image byId(List<Descriptor> entries, java.util.function.Predicate<Digest> id) {
        for (Descriptor e : entries) {
            Digest d = idOf(e);
            if (d != null && id.test(d)) {
                return image(entries, reader.resolve(e));
            }
        }
        return null;
    }

    /** The image a manifest makes, with every name any entry gives the same image id. */
    private Image image(List<Descriptor> entries, ImageReader.Resolved r) {
        Digest id = r.manifest().config().digest();
        List<Reference> names = new ArrayList<>();
        for (Descriptor e : entries) {
            Reference name = IndexEntries.name(e);
            if (name != null && id.equals(idOf(e))) {
                names.add(name);
            }
        }
        return new Image(id, r.descriptor(), r.manifest(), reader.config(r.manifest()), names);
    }

    /** The image id of an entry, or null when its manifest cannot be read. */
    private Digest idOf(Descriptor entry) {
        try {
            return reader.resolve(entry).manifest().config().digest();
        } catch (LegendsException e) {
            return null;
        }
    }
}
