package dev.legends.image.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.legends.core.Digest;
import dev.legends.core.ErrorKind;
import dev.legends.core.LegendsException;
import dev.legends.image.Image;
import dev.legends.image.ImageStore;
import dev.legends.image.Reference;
import dev.legends.image.TestImages;
import dev.legends.image.TestTars;
import dev.legends.core.Json;
import dev.legends.image.oci.Descriptor;
import dev.legends.image.oci.ImageIndex;
import dev.legends.image.oci.MediaTypes;
import dev.legends.image.oci.Platform;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Legends saves what Legends loads, in both formats, without changing a digest. */
class ArchiveRoundTripTest {
    @TempDir
    Path dir;

    ImageStore source;
    Digest id;

    @BeforeEach
    void anImageWithTwoNames() {
        source = ImageStore.open(dir.resolve("a"));
        id = TestImages.add(source, "app:v1", List.of(
                TestTars.tar().dir("bin").file("bin/tool", 5000).bytes(),
                TestTars.tar().dir("etc").file("etc/conf", "x=1").bytes()));
        source.tag("app:v1", "localhost:5000/team/app:v2");
    }

    private byte[] save(ArchiveFormat format, String... names) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageArchives.save(source, List.of(names), out, format);
        return out.toByteArray();
    }

    private List<LoadedImage> load(ImageStore into, byte[] archive) {
        return ImageArchives.load(into, new ByteArrayInputStream(archive), "image.tar");
    }

    @Test
    void dockerArchiveRoundTripKeepsIdNamesAndLayers() {
        byte[] archive = save(ArchiveFormat.DOCKER_ARCHIVE, "app:v1", "localhost:5000/team/app:v2");
        assertThat(TarEdit.read(archive)).extracting(TarEdit.Entry::name).contains("manifest.json", id.hex() + ".json");

        ImageStore target = ImageStore.open(dir.resolve("b"));
        List<LoadedImage> loaded = load(target, archive);

        assertThat(loaded).hasSize(1);
        assertThat(loaded.getFirst().id()).isEqualTo(id);
        assertThat(loaded.getFirst().references()).extracting(Reference::toString)
                .containsExactly("docker.io/library/app:v1", "localhost:5000/team/app:v2");
        Image original = source.resolve("app:v1");
        Image copy = target.resolve("localhost:5000/team/app:v2");
        assertThat(copy.id()).isEqualTo(id);
        assertThat(copy.diffIds()).isEqualTo(original.diffIds());
        assertThat(copy.manifest().layers()).allSatisfy(l -> assertThat(l.mediaType()).isEqualTo(MediaTypes.OCI_LAYER));
        assertThat(target.content().read(id, 1 << 20)).isEqualTo(source.content().read(id, 1 << 20));
        assertThat(TestImages.ingestFiles(dir.resolve("b"))).isEmpty();
    }

    @Test
    void ociArchiveRoundTripKeepsTheManifestBytes() {
        byte[] archive = save(ArchiveFormat.OCI_ARCHIVE, "app:v1", "localhost:5000/team/app:v2");
        ImageStore target = ImageStore.open(dir.resolve("b"));
        List<LoadedImage> loaded = load(target, archive);
        assertThat(loaded).extracting(LoadedImage::id).containsOnly(id);
        Image original = source.resolve("app:v1");
        Image copy = target.resolve("app:v1");
        assertThat(copy.manifestDigest()).isEqualTo(original.manifestDigest());
        assertThat(target.resolve("localhost:5000/team/app:v2").id()).isEqualTo(id);
    }

    @Test
    void savingByIdWritesNoNameAndLoadsUntagged() {
        byte[] archive = save(ArchiveFormat.DOCKER_ARCHIVE, id.shortHex());
        ImageStore target = ImageStore.open(dir.resolve("b"));
        List<LoadedImage> loaded = load(target, archive);
        assertThat(loaded.getFirst().references()).isEmpty();
        assertThat(target.list()).singleElement().satisfies(r -> {
            assertThat(r.repository()).isEqualTo("<none>");
            assertThat(r.id()).isEqualTo(id);
        });
    }

    @Test
    void aGzippedArchiveLoadsToo() throws IOException {
        byte[] archive = save(ArchiveFormat.DOCKER_ARCHIVE, "app:v1");
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
            out.write(archive);
        }
        ImageStore target = ImageStore.open(dir.resolve("b"));
        assertThat(load(target, gz.toByteArray()).getFirst().id()).isEqualTo(id);
    }

    /** docker 25+ writes an OCI layout and a manifest.json side by side; manifest.json decides. */
    @Test
    void aDockerArchiveInOciLayoutLoads() {
        Image original = source.resolve("app:v1");
        String layers = original.manifest().layers().stream().map(l -> "\"blobs/sha256/" + l.digest().hex() + "\"")
                .collect(java.util.stream.Collectors.joining(","));
        String manifestJson = "[{\"Config\":\"blobs/sha256/" + id.hex() + "\",\"RepoTags\":[\"docker25:latest\"],\"Layers\":[" + layers + "]}]";
        byte[] archive = TarEdit.prepend(save(ArchiveFormat.OCI_ARCHIVE, id.toString()),
                TarEdit.file("manifest.json", manifestJson.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        ImageStore target = ImageStore.open(dir.resolve("b"));
        assertThat(load(target, archive)).singleElement().satisfies(l -> {
            assertThat(l.id()).isEqualTo(id);
            assertThat(l.references()).extracting(Reference::familiar).containsExactly("docker25:latest");
        });
        assertThat(target.resolve("docker25").diffIds()).isEqualTo(original.diffIds());
    }

    /** A multi-platform archive: index.json names an image index; the host's manifest is taken. */
    @Test
    void anIndexOfPlatformsLoadsTheHostsManifest() {
        Image original = source.resolve("app:v1");
        Descriptor mine = Descriptor.of(MediaTypes.OCI_MANIFEST, original.manifestDigest(), original.manifestDescriptor().size())
                .withPlatform(Platform.host());
        Descriptor absent = Descriptor.of(MediaTypes.OCI_MANIFEST, Digest.of(new byte[] {9}), 100)
                .withPlatform(new Platform("s390x", "linux", null, null, null));
        byte[] platforms = Json.bytes(ImageIndex.of(List.of(absent, mine)));
        Digest platformsDigest = Digest.of(platforms);
        byte[] indexJson = Json.bytes(ImageIndex.of(List.of(Descriptor.of(MediaTypes.OCI_INDEX, platformsDigest, platforms.length)
                .withAnnotations(java.util.Map.of(Descriptor.REF_NAME, "localhost/multi:1")))));
        byte[] archive = TarEdit.edit(save(ArchiveFormat.OCI_ARCHIVE, "app:v1"),
                e -> e.name().equals("index.json") ? e.withContent(indexJson) : e);
        archive = TarEdit.prepend(archive, TarEdit.file("blobs/sha256/" + platformsDigest.hex(), platforms));
        ImageStore target = ImageStore.open(dir.resolve("b"));
        load(target, archive);
        assertThat(target.resolve("localhost/multi:1").manifestDigest()).isEqualTo(original.manifestDigest());
        // the index blob itself is not kept: the name points at the manifest
        assertThat(target.content().contains(platformsDigest)).isFalse();
    }

    @Test
    void savingACorruptedImageFailsNamingTheBlob() throws IOException {
        Digest layer = source.resolve("app:v1").manifest().layers().getFirst().digest();
        Path file = source.content().path(layer);
        byte[] bytes = java.nio.file.Files.readAllBytes(file);
        bytes[bytes.length / 2] ^= 1;
        java.nio.file.Files.write(file, bytes);
        for (ArchiveFormat format : ArchiveFormat.values()) {
            assertThatThrownBy(() -> save(format, "app:v1"))
                    .isInstanceOf(LegendsException.class)
                    .satisfies(e -> assertThat(((LegendsException) e).kind()).isEqualTo(ErrorKind.INTERNAL))
                    .hasMessageStartingWith("save app:v1: blob " + layer + ": digest mismatch");
        }
    }

    @Test
    void savingIsReproducible() {
        assertThat(save(ArchiveFormat.OCI_ARCHIVE, "app:v1")).isEqualTo(save(ArchiveFormat.OCI_ARCHIVE, "app:v1"));
        assertThat(save(ArchiveFormat.DOCKER_ARCHIVE, "app:v1")).isEqualTo(save(ArchiveFormat.DOCKER_ARCHIVE, "app:v1"));
    }
}
