package dev.legends.image;

import dev.legends.image.oci.Descriptor;
import java.util.Map;

/** How an image name is kept on an index.json entry. */
final class IndexEntries {
    private IndexEntries() {}

    /**
     * The entry's name, or null for an untagged entry. Legends writes full names, which always hold
     * a '/' (the registry); an entry another tool wrote with a bare tag ("latest") names no
     * repository, so it is kept but shown untagged rather than guessed at.
     */
    static Reference name(Descriptor entry) {
        String name = entry.annotation(Descriptor.REF_NAME);
        if (name == null || name.indexOf('/') < 0 || !Reference.isValid(name)) {
            return null;
        }
        return Reference.parse(name);
    }

    static boolean isNamed(Descriptor entry, Reference ref) {
        return ref.equals(name(entry));
    }

    /** An index entry for {@code manifest}, named {@code ref} (or untagged when null). */
    static Descriptor entry(Descriptor manifest, Reference ref) {
        Descriptor plain = new Descriptor(manifest.mediaType(), manifest.digest(), manifest.size(),
                null, null, null, null, manifest.platform(), null);
        return ref == null ? plain : plain.withAnnotations(Map.of(Descriptor.REF_NAME, ref.toString()));
    }
}
