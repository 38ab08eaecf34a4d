package dev.legends.image.oci;

/** The {@code oci-layout} file that marks a directory (or archive) as an OCI image layout. */
public record OciLayout(String imageLayoutVersion) {
    public static final String FILE = "oci-layout";
    public static final OciLayout CURRENT = new OciLayout("1.0.0");
}
