package dev.legends.image.oci;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.SerializerProvider;
import dev.legends.core.Digest;
import dev.legends.core.LegendsException;
import java.io.IOException;

/**
 * Digests travel as {@code "sha256:<hex>"} strings. Core's {@link Digest} carries no Jackson
 * annotations (core stays wire-agnostic), so the wire records name these per field.
 */
final class DigestJson {
    private DigestJson() {}

    static final class Write extends JsonSerializer<Digest> {
        @Override
        public void serialize(Digest value, JsonGenerator gen, SerializerProvider serializers) throws IOException {
            gen.writeString(value.toString());
        }
    }

    static final class Read extends JsonDeserializer<Digest> {
        @Override
        public Digest deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            String text = p.getValueAsString();
            try {
                return Digest.parse(text);
            } catch (LegendsException e) {
                // a JSON error keeps the location; the message names the bad value
                throw ctxt.weirdStringException(text, Digest.class, e.getMessage());
            }
        }
    }
}
