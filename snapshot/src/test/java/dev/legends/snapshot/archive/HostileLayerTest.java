package dev.legends.snapshot.archive;

import static dev.legends.snapshot.archive.TarBuilder.tar;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.legends.core.ErrorKind;
import dev.legends.core.LegendsException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each hostile layer is refused with one clear line, writes nothing outside the destination and
 * leaves no destination and no temporary directory behind.
 */
public class HostileLayerTest {
    @TempDir
    Path tmp;

    private Path parent;
    private Path dest;

    @BeforeEach
    void layout() throws IOException {
        // dest sits two levels down, so "../x" and "../../x" would land inside tmp where we can see them
        parent = Files.createDirectories(tmp.resolve("a/b"));
        dest = parent.resolve("layer");
    }

    /** One of each kind, for the snapshotter's own check that nothing is left behind. */
    public static Map<String, byte[]> samples() {
        byte[] gz = TarBuilder.gzip(tar().file("f", "x".repeat(100_000)).build());
        gz[gz.length / 2] ^= 0x5a;
        gz[gz.length / 2 + 1] ^= 0x5a;
        Map<String, byte[]> m = new LinkedHashMap<>();
        m.put("entry ../x escapes the root", tar().file("ok", "fine").file("../x", "escaped").build());
        m.put("entry /abs/../../x escapes the root", tar().file("/abs/../../x", "escaped").build());
        m.put("entry link/passwd goes through symlink link",
                tar().symlink("link", "/etc").file("link/passwd", "x").build());
        m.put("hard link passwd -> /etc/passwd: the target is not an earlier entry of the layer",
                tar().hardlink("passwd", "/etc/passwd").build());
        m.put("char device dev/null (1:3) is a device node, which layers may not create",
                tar().file("a", "a").charDevice("dev/null", 1, 3).build());
        m.put("truncated tar: big ends 2952 bytes early",
                Arrays.copyOf(tar().file("big", "x".repeat(5000)).build(), 512 + 2048));
        m.put("corrupt gzip stream: ", gz);
        return m;
    }

    @Test
    void dotDotEntry() {
        refused(tar().file("ok", "fine").file("../x", "escaped").build(), "entry ../x escapes the root");
    }

    @Test
    void absoluteEntryThatClimbs() {
        refused(tar().file("/abs/../../x", "escaped").build(), "entry /abs/../../x escapes the root");
    }

    @Test
    void writeThroughASymlinkToEtc() {
        refused(tar().symlink("link", "/etc").file("link/passwd", "root::0:0::/:/bin/sh").build(),
                "entry link/passwd goes through symlink link");
        refused(tar().symlink("up", "/").file("up/x", "escaped").build(), "entry up/x goes through symlink up");
    }

    @Test
    void symlinkClimbingOutOfTheRoot() {
        refused(tar().dir("d").symlink("d/out", "../../etc").build(), "symlink d/out -> ../../etc points outside the root");
    }

    @Test
    void hardlinkToEtcPasswd() {
        refused(tar().hardlink("passwd", "/etc/passwd").build(),
                "hard link passwd -> /etc/passwd: the target is not an earlier entry of the layer");
        refused(tar().file("f", "x").hardlink("g", "../f").build(), "entry ../f escapes the root");
    }

    @Test
    void charDevice() {
        refused(tar().charDevice("dev/null", 1, 3).build(),
                "char device dev/null (1:3) is a device node, which layers may not create");
    }

    @Test
    void truncatedTar() {
        byte[] whole = tar().file("big", "x".repeat(5000)).file("after", "y").build();
        refused(Arrays.copyOf(whole, 512 + 2048), "truncated tar: big ends 2952 bytes early");
        refused(Arrays.copyOf(whole, 300), "truncated tar: header at byte 0 cut short");
    }

    @Test
    void corruptGzip() {
        byte[] gz = TarBuilder.gzip(tar().file("f", "x".repeat(100_000)).build());
        for (int i = 20; i < gz.length - 8; i += 7) {
            gz[i] ^= 0x5a;
        }
        refused(gz, "corrupt gzip stream: ");
        byte[] cut = Arrays.copyOf(TarBuilder.gzip(tar().file("f", "x".repeat(100_000)).build()), 60);
        refused(cut, "corrupt gzip stream: Unexpected end of ZLIB input stream");
    }

    @Test
    void notATarAtAll() {
        refused("hello, this is not a layer".repeat(40).getBytes(), "not a tar archive (bad header checksum)");
    }

    @Test
    void overlayAttributesInTheTarAreNotApplied() throws IOException {
        byte[] layer = tar().file("f", "x", 0644, e -> e.addPaxHeader("SCHILY.xattr.trusted.overlay.redirect", "/etc"))
                .build();
        LayerApplier.apply(new ByteArrayInputStream(layer), dest, ApplyOptions.overlay());
        assertThat(dev.legends.linux.Xattrs.llistxattr(dest.resolve("f"))).isEmpty();
    }

    private void refused(byte[] layer, String message) {
        assertThatThrownBy(() -> LayerApplier.apply(new ByteArrayInputStream(layer), dest, ApplyOptions.overlay()))
                .isInstanceOfSatisfying(LegendsException.class,
                        e -> assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_ARGUMENT))
                .hasMessageStartingWith("apply layer: " + message)
                .message().doesNotContain("\n");
        assertThat(everything()).as("nothing left anywhere under the temp root")
                .containsExactlyInAnyOrder(tmp.resolve("a"), parent);
    }

    private List<Path> everything() {
        try (Stream<Path> s = Files.walk(tmp)) {
            return s.filter(p -> !p.equals(tmp)).toList();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
