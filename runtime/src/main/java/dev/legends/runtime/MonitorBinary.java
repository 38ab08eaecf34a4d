package dev.legends.runtime;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * legends-monitor, compiled from src/main/c with this module and carried in its jar, written out
 * where it can be executed. A file already there with the same bytes is kept (monitors of running
 * containers may be executing it); a different one is replaced by a rename, which leaves those
 * running on the old file. It is run once to see that it can run at all (a noexec mount).
 */
final class MonitorBinary {
    private static final Logger LOG = LoggerFactory.getLogger(MonitorBinary.class);
    static final String NAME = "legends-monitor";

    private MonitorBinary() {}

    /** The monitor if it runs here: without arguments it says what it needs and exits with 2. */
    private static Optional<Path> runs(Path binary) {
        try {
            Command.Result r = Command.run(List.of(binary.toString()), Duration.ofSeconds(5));
            if (r.exitCode() == 2 && r.stderr().startsWith(NAME + ":")) {
                return Optional.of(binary);
            }
            LOG.warn("{} does not run (exit code {}: {}): conmon monitors every container", binary, r.exitCode(), r.stderr().strip());
        } catch (RuntimeException e) {
            LOG.warn("{} does not run ({}; is its file system mounted noexec?): conmon monitors every container", binary, e.getMessage());
        }
        return Optional.empty();
    }

    static boolean carried() {
        return MonitorBinary.class.getResource(NAME) != null;
    }

    /** The installed monitor, or empty (and a warning) when this build carries none: conmon runs every container then. */
    static Optional<Path> install(Path dir) {
        byte[] bytes;
        try (InputStream in = MonitorBinary.class.getResourceAsStream(NAME)) {
            if (in == null) {
                LOG.warn("this build carries no {} (was cc missing?): conmon monitors every container", NAME);
                return Optional.empty();
            }
            bytes = in.readAllBytes();
        } catch (IOException e) {
            LOG.warn("read {} from the jar: {}: conmon monitors every container", NAME, e.getMessage());
            return Optional.empty();
        }
        Path target = dir.resolve(NAME);
        try {
            if (Files.isExecutable(target) && Files.size(target) == bytes.length && Arrays.equals(Files.readAllBytes(target), bytes)) {
                return runs(target);
            }
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, "." + NAME, ".tmp", PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
            try {
                Files.write(tmp, bytes);
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } finally {
                Files.deleteIfExists(tmp);
            }
            return runs(target);
        } catch (IOException e) {
            LOG.warn("install {} in {}: {}: conmon monitors every container", NAME, dir, e.getMessage());
            return Optional.empty();
        }
    }
}
