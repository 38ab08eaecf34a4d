package dev.legends.image.registry;

import static dev.legends.image.registry.RegistryTests.importImage;
import static dev.legends.image.registry.RegistryTests.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.legends.core.Digest;
import dev.legends.core.ErrorKind;
import dev.legends.core.Json;
import dev.legends.core.LegendsException;
import dev.legends.image.ImageStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A registry that wants a password (htpasswd, Basic): login stores it safely, and only the right one works. */
class HtpasswdAuthTest {
    @TempDir
    Path dir;
    TestRegistry registry;

    @BeforeEach
    void startRegistry() throws Exception {
        assumeTrue(Files.isExecutable(TestRegistry.BINARY), "docker-registry is not installed");
        registry = TestRegistry.start(dir.resolve("registry"), "legends", "s3cret-pass");
    }

    @AfterEach
    void stopRegistry() throws Exception {
        if (registry != null) {
            registry.close();
        }
    }

    @Test
    void theRightCredentialsPushAndPullAndWrongOnesAreRefusedInOneLine() throws Exception {
        String name = registry.host() + "/private/app:1.0";
        Path root = dir.resolve("store");
        ImageStore store = ImageStore.open(root);
        Digest id = importImage(store, name, 10_000, 7);
        Path authFile = root.resolve("auth.json");

        try (RegistryClient client = RegistryClient.open(store, options(root))) {
            assertThatThrownBy(() -> client.push(name, ProgressListener.NONE))
                    .isInstanceOfSatisfying(LegendsException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.UNAUTHORIZED))
                    .hasMessageStartingWith("push " + name + ": ")
                    .hasMessageEndingWith("unauthorized: authentication required: check `legends login " + registry.host() + "`");

            assertThatThrownBy(() -> client.login(registry.host(), "legends", "wrong"))
                    .isInstanceOfSatisfying(LegendsException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.UNAUTHORIZED))
                    .hasMessage("login " + registry.host() + ": unauthorized: incorrect username or password");
            assertThat(authFile).doesNotExist();

            client.login(registry.host(), "legends", "s3cret-pass");
            assertThat(Files.getPosixFilePermissions(authFile)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
            JsonNode auth = Json.read(Files.readAllBytes(authFile), JsonNode.class).path("auths").path(registry.host());
            assertThat(new String(Base64.getDecoder().decode(auth.path("auth").asText()), StandardCharsets.UTF_8))
                    .isEqualTo("legends:s3cret-pass");

            assertThat(client.push(name, ProgressListener.NONE).manifest()).isEqualTo(store.resolve(name).manifestDigest());
        }

        // a second store and client, sharing the auth file as the CLI and the daemon do
        ImageStore clean = ImageStore.open(dir.resolve("clean"));
        RegistryOptions shared = options(dir.resolve("clean")).withAuthFile(authFile);
        try (RegistryClient client = RegistryClient.open(clean, shared)) {
            assertThat(client.pull(name, null, ProgressListener.NONE).id()).isEqualTo(id);
            assertThat(client.logout(registry.host())).isTrue();
            assertThat(client.logout(registry.host())).isFalse();
            clean.untag(name);
            assertThatThrownBy(() -> client.pull(name, null, ProgressListener.NONE))
                    .isInstanceOfSatisfying(LegendsException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.UNAUTHORIZED));
        }

        // credentials that were right once and are wrong now (a changed password): refused, and said so
        Files.writeString(authFile, "{\"auths\":{\"" + registry.host() + "\":{\"auth\":\""
                + Base64.getEncoder().encodeToString("legends:old-pass".getBytes(StandardCharsets.UTF_8)) + "\"}}}");
        try (RegistryClient client = RegistryClient.open(clean, shared)) {
            assertThatThrownBy(() -> client.pull(name, null, ProgressListener.NONE))
                    .isInstanceOfSatisfying(LegendsException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.UNAUTHORIZED))
                    .hasMessage("pull " + name + ": unauthorized: the registry refused the stored credentials: check `legends login "
                            + registry.host() + "`");
        }
        assertThat(clean.list()).isEmpty();
        assertThat(RegistryTests.ingestFiles(dir.resolve("clean"))).isEmpty();
    }
}
