package dev.legends.build;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.legends.core.Digest;
import dev.legends.core.Json;
import dev.legends.core.LegendsException;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Translates between OCI image config JSON and a {@link StageState}. */
final class ImageJson {
    private static final Set<String> MANAGED = Set.of("created", "author", "config", "rootfs", "history");

    private ImageJson() {}

    /** The state a stage starts from when it is {@code FROM scratch}. */
    static StageState scratch() {
        ObjectNode top = Json.mapper().createObjectNode();
        top.put("architecture", architecture());
        top.put("os", "linux");
        return new StageState(top, new ContainerConfig(), LayerChain.EMPTY, Json.mapper().createArrayNode(), null,
                "scratch");
    }

    static StageState read(BaseImage image) {
        JsonNode doc;
        try {
            doc = Json.mapper().readTree(image.config());
        } catch (IOException e) {
            throw LegendsException.invalid("image " + image.reference() + ": malformed config: " + e.getMessage());
        }
        if (doc == null || !doc.isObject()) {
            throw LegendsException.invalid("image " + image.reference() + ": config is not a JSON object");
        }
        ObjectNode top = ((ObjectNode) doc).deepCopy();
        ContainerConfig config = ContainerConfig.from(top.get("config"));
        ArrayNode history = top.get("history") instanceof ArrayNode a ? a.deepCopy() : Json.mapper().createArrayNode();
        Instant created = null;
        if (top.hasNonNull("created")) {
            try {
                created = Instant.parse(top.get("created").asText());
            } catch (DateTimeParseException e) {
                created = null; // an odd timestamp in a base image is not worth failing a build for
            }
        }
        ObjectNode rest = Json.mapper().createObjectNode();
        if (top.hasNonNull("author")) {
            rest.set("author", top.get("author"));
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = top.properties().iterator(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!MANAGED.contains(e.getKey())) {
                rest.set(e.getKey(), e.getValue());
            }
        }
        return new StageState(rest, config, image.layers(), history, created, "image:" + image.id());
    }

    /** The config JSON of the image a stage built, in docker's field order. */
    static byte[] write(StageState s) {
        ObjectNode doc = Json.mapper().createObjectNode();
        if (s.created != null) {
            doc.put("created", s.created.toString());
        }
        s.top.properties().forEach(e -> doc.set(e.getKey(), e.getValue()));
        doc.set("config", s.config.toJson());
        ObjectNode rootfs = doc.putObject("rootfs");
        rootfs.put("type", "layers");
        ArrayNode ids = rootfs.putArray("diff_ids");
        for (Digest d : s.chain.diffIds()) {
            ids.add(d.toString());
        }
        doc.set("history", s.history);
        return Json.bytes(doc);
    }

    /** The GOARCH name of this machine, which images are built for. */
    static String architecture() {
        String arch = System.getProperty("os.arch").toLowerCase(Locale.ROOT);
        return switch (arch) {
            case "x86_64", "amd64" -> "amd64";
            case "aarch64", "arm64" -> "arm64";
            default -> arch;
        };
    }
}
