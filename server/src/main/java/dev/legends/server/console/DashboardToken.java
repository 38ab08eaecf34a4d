package dev.legends.server.console;

import dev.legends.core.LegendsException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * The secret a browser logs in with, and where a user finds it. The daemon's own token
 * (--token-file or LEGENDS_TOKEN) when it has one; otherwise one made once in
 * ROOT/dashboard.token, readable by its owner only, and kept across restarts so that a
 * bookmarked login keeps working.
 *
 * @param location the file holding it, or a phrase naming where it came from
 */
record DashboardToken(String value, String location) {
    static final String FILE = "dashboard.token";

    static DashboardToken resolve(String configured, Path configuredFile, Path root) {
        if (configured != null && !configured.isBlank()) {
            return new DashboardToken(configured.strip(),
                    configuredFile != null ? configuredFile.toAbsolutePath().toString() : "the LEGENDS_TOKEN environment variable");
        }
        Path file = root.resolve(FILE);
        try {
            if (!Files.exists(file)) {
                byte[] secret = new byte[32];
                new SecureRandom().nextBytes(secret);
                try {
                    // created with its final mode, so the secret is never readable by others, not even briefly
                    Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                    Files.writeString(file, HexFormat.of().formatHex(secret) + "\n");
                } catch (FileAlreadyExistsException raced) {
                    // another start made it first: use theirs
                }
            }
            // as ssh does with a private key: a secret others may read is no secret
            var mode = Files.getPosixFilePermissions(file);
            if (mode.contains(PosixFilePermission.GROUP_READ) || mode.contains(PosixFilePermission.OTHERS_READ)) {
                throw LegendsException.invalid(file + " is readable by others (mode " + PosixFilePermissions.toString(mode)
                        + "): chmod 600 it, or delete it and the daemon makes a new dashboard token");
            }
            String value = Files.readString(file, StandardCharsets.UTF_8).strip();
            if (value.isEmpty()) {
                throw LegendsException.invalid(file + " is empty: delete it and the daemon makes a new dashboard token");
            }
            return new DashboardToken(value, file.toString());
        } catch (IOException e) {
            throw LegendsException.unavailable("dashboard token " + file + ": " + e.getMessage());
        }
    }
}
