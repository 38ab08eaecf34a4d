package dev.legends.image.oci;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import dev.legends.core.Digest;
import java.util.List;

/** The digests of the uncompressed layers, bottom first: what a snapshot's chain id is made of. */
public record RootFs(
        String type,
        @JsonProperty("diff_ids")
        @JsonSerialize(contentUsing = DigestJson.Write.class)
        @JsonDeserialize(contentUsing = DigestJson.Read.class)
        List<Digest> diffIds) {

    public RootFs {
        diffIds = diffIds == null ? List.of() : List.copyOf(diffIds);
    }

    public static RootFs layers(List<Digest> diffIds) {
        return new RootFs("layers", diffIds);
    }
}
