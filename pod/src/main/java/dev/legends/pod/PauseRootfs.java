package dev.legends.pod;

import dev.legends.core.LegendsException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

/**
 * The root filesystem every pause container shares, read-only: the statically linked catatonit
 * and the empty mount points runc needs, nothing else. It holds namespaces; it runs no code of
 * an image.
 */
final class PauseRootfs {
    static final String BINARY = "/usr/bin/catatonit";

    private PauseRootfs() {}

    /** Makes {@code dir} from the host's catatonit unless it is there already. */
    static Path ensure(Path dir, Path catatonit) {
        Path binary = dir.resolve(BINARY.substring(1));
        try {
            if (Files.isExecutable(binary) && Files.size(binary) == Files.size(catatonit)) {
                return dir;
            }
            if (!Files.isExecutable(catatonit)) {
                throw LegendsException.precondition(catatonit + " is missing: install the catatonit package (pods need it)");
            }
            for (String d : List.of("usr/bin", "proc", "sys", "dev", "etc")) {
                Files.createDirectories(dir.resolve(d));
            }
            Path tmp = binary.resolveSibling("catatonit.tmp");
            Files.copy(catatonit, tmp, StandardCopyOption.REPLACE_EXISTING);
            Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("r-xr-xr-x"));
            Files.move(tmp, binary, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return dir;
        } catch (IOException e) {
            throw LegendsException.unavailable("make the pause root filesystem " + dir + ": " + e.getMessage());
        }
    }
}
