package dev.legends.image;

import dev.legends.core.ErrorKind;
import dev.legends.core.Json;
import dev.legends.core.LegendsException;
import dev.legends.image.oci.ImageIndex;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;

/**
 * The layout's index.json. Readers take no lock: the file is only ever replaced by a rename, so
 * they see one whole version. Writers read, change and write under the layout lock.
 */
final class IndexFile {
    private static final int MAX_BYTES = 64 << 20;

    private final Path file;
    private final LayoutLock lock;

    IndexFile(Path file, LayoutLock lock) {
        this.file = file;
        this.lock = lock;
    }

    /** A new index and a value computed with it. */
    record Change<T>(ImageIndex next, T result) {}

    ImageIndex read() {
        byte[] bytes;
        try {
            if (Files.size(file) > MAX_BYTES) {
                throw new LegendsException(ErrorKind.INTERNAL, file + ": larger than " + MAX_BYTES + " bytes", null);
            }
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return ImageIndex.of(List.of());
        } catch (IOException e) {
            throw new LegendsException(ErrorKind.INTERNAL, "read " + file + ": " + e.getMessage(), e);
        }
        try {
            return Json.read(bytes, ImageIndex.class);
        } catch (LegendsException e) {
            throw new LegendsException(ErrorKind.INTERNAL, file + ": " + e.getMessage(), e);
        }
    }

    <T> T update(Function<ImageIndex, Change<T>> change) {
        return lock.call(() -> {
            ImageIndex current = read();
            Change<T> c = change.apply(current);
            if (!c.next().equals(current)) {
                try {
                    AtomicFiles.write(file, Json.bytes(c.next()));
                } catch (IOException e) {
                    throw new LegendsException(ErrorKind.INTERNAL, "write " + file + ": " + e.getMessage(), e);
                }
            }
            return c.result();
        });
    }
}
