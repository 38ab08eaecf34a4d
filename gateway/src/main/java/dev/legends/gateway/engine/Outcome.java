package dev.legends.gateway.engine;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.HttpResponse;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** What a comparison looks at in an answer: its status, chosen headers and a hash of its body. */
record Outcome(Map<String, String> fields) {
    enum Kind { MATCHED, NOISY, DIFFERED }

    record Verdict(Kind kind, String field, String primary, String shadow) {}

    /** Summarizes an answer as its body streams past, without keeping the body. */
    static final class Builder {
        private final Map<String, String> fields = new LinkedHashMap<>();
        private final MessageDigest digest;

        Builder(HttpResponse r, List<String> headers) {
            fields.put("status", String.valueOf(r.status().code()));
            for (String h : headers) {
                fields.put("header " + h.toLowerCase(), String.join(",", r.headers().getAll(h)));
            }
            try {
                digest = MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }

        void update(ByteBuf b) {
            if (b.isReadable()) {
                digest.update(b.nioBuffer());
            }
        }

        Outcome build() {
            fields.put("body sha256", HexFormat.of().formatHex(digest.digest()));
            return new Outcome(Map.copyOf(fields));
        }
    }

    /**
     * A field that differs between primary and shadow is a real difference unless it also differs
     * between the primary and a second primary ({@code second}, null when none was asked).
     */
    static Verdict compare(Outcome primary, Outcome shadow, Outcome second) {
        List<String> differing = new ArrayList<>();
        for (Map.Entry<String, String> e : primary.fields().entrySet()) {
            if (!Objects.equals(e.getValue(), shadow.fields().get(e.getKey()))) {
                differing.add(e.getKey());
            }
        }
        if (differing.isEmpty()) {
            return new Verdict(Kind.MATCHED, null, null, null);
        }
        for (String f : differing) {
            boolean noise = second != null && !Objects.equals(primary.fields().get(f), second.fields().get(f));
            if (!noise) {
                return new Verdict(Kind.DIFFERED, f, primary.fields().get(f), shadow.fields().get(f));
            }
        }
        return new Verdict(Kind.NOISY, differing.getFirst(), null, null);
    }
}
