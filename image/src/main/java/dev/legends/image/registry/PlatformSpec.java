package dev.legends.image.registry;

import dev.legends.core.LegendsException;
import dev.legends.image.oci.Platform;
import java.util.Locale;

/**
 * The platform to pick out of an image index, as {@code --platform os/arch[/variant]} gives it.
 *
 * @param variant null to accept any variant of the architecture
 */
public record PlatformSpec(String os, String architecture, String variant) {
    /** What Legends runs: its containers are linux/amd64 unless the user asks otherwise. */
    public static final PlatformSpec DEFAULT = new PlatformSpec("linux", "amd64", null);

    public PlatformSpec {
        if (os == null || os.isEmpty() || architecture == null || architecture.isEmpty()) {
            throw LegendsException.invalid("a platform needs an os and an architecture");
        }
    }

    /** Parses {@code os/arch[/variant]}, accepting the aliases docker accepts (x86_64, aarch64). */
    public static PlatformSpec parse(String text) {
        String[] parts = text == null ? new String[0] : text.toLowerCase(Locale.ROOT).split("/", -1);
        if (parts.length < 2 || parts.length > 3 || parts[0].isEmpty() || parts[1].isEmpty()
                || (parts.length == 3 && parts[2].isEmpty())) {
            throw LegendsException.invalid("invalid platform \"" + text + "\": expected os/arch[/variant], such as linux/arm64");
        }
        String arch = switch (parts[1]) {
            case "x86_64", "x86-64" -> "amd64";
            case "aarch64" -> "arm64";
            default -> parts[1];
        };
        return new PlatformSpec(parts[0], arch, parts.length == 3 ? parts[2] : null);
    }

    /**
     * True when an index entry's platform is this one. arm64 images often leave out their variant,
     * which then means v8 (as containerd's platform matcher reads it).
     */
    public boolean matches(Platform p) {
        if (p == null || !os.equals(p.os()) || !architecture.equals(p.architecture())) {
            return false;
        }
        return variant == null || variant.equals(normalVariant(p.architecture(), p.variant()));
    }

    private static String normalVariant(String arch, String v) {
        return v == null && "arm64".equals(arch) ? "v8" : v;
    }

    @Override
    public String toString() {
        return os + "/" + architecture + (variant == null ? "" : "/" + variant);
    }
}
