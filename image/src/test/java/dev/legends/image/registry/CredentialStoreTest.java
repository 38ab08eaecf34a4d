package dev.legends.image.registry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.legends.image.registry.CredentialStore.Credentials;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CredentialStoreTest {
    @TempDir
    Path dir;

    @Test
    void readsDockersAndPodmansFilesAndKeepsWhatItDoesNotKnow() throws Exception {
        Path file = dir.resolve("config.json");
        Files.writeString(file, """
                {"auths": {"https://index.docker.io/v1/": {"auth": "aHViOmh1Yi1wYXNz"},
                           "ghcr.io": {"username": "me", "password": "tok"}},
                 "credsStore": "desktop"}""");
        CredentialStore store = new CredentialStore(file);
        assertThat(store.find("docker.io")).isEqualTo(new Credentials("hub", "hub-pass"));
        assertThat(store.find("GHCR.io")).isEqualTo(new Credentials("me", "tok"));
        assertThat(store.find("quay.io")).isNull();

        store.save("quay.io", new Credentials("q", "a:b"));
        assertThat(new CredentialStore(file).find("quay.io")).isEqualTo(new Credentials("q", "a:b"));
        assertThat(Files.readString(file)).contains("\"credsStore\" : \"desktop\"");
        assertThat(Files.getPosixFilePermissions(file)).isEqualTo(PosixFilePermissions.fromString("rw-------"));

        assertThat(store.remove("docker.io")).isTrue();
        assertThat(store.find("docker.io")).isNull();
        assertThat(store.remove("docker.io")).isFalse();
        assertThat(new Credentials("u", "secret").toString()).doesNotContain("secret");
    }
}
