package dev.legends.workload.manifest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.legends.core.LegendsException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Typed reads of a manifest's JSON tree that fail with the field's path in the message. */
final class Fields {
    LegendsException bad(String path, String problem) {
        return LegendsException.invalid(path + ": " + problem);
    }

    void object(JsonNode n, String path) {
        if (n == null || !n.isObject()) {
            throw bad(path, "must be a mapping");
        }
    }

    void array(JsonNode n, String path) {
        if (n == null || !n.isArray()) {
            throw bad(path, "must be a list");
        }
    }

    JsonNode requiredObject(JsonNode parent, String path) {
        JsonNode n = parent.get(last(path));
        if (n == null || n.isNull()) {
            throw bad(path, "required");
        }
        object(n, path);
        return n;
    }

    String requiredText(JsonNode parent, String path) {
        String s = text(parent.get(last(path)), path);
        if (s == null) {
            throw bad(path, "required");
        }
        return s;
    }

    String text(JsonNode n, String path) {
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isTextual()) {
            throw bad(path, "must be a string");
        }
        return n.textValue();
    }

    /** A string or a number, as quantities ("500m" or 2) and env values may be written. */
    String scalar(JsonNode n, String path) {
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isValueNode() || n.isBoolean()) {
            throw bad(path, "must be a string or a number");
        }
        return n.asText();
    }

    int integer(JsonNode n, String path, int fallback) {
        if (n == null || n.isNull()) {
            return fallback;
        }
        if (!n.isIntegralNumber() || !n.canConvertToInt()) {
            throw bad(path, "must be an integer");
        }
        return n.intValue();
    }

    List<String> strings(JsonNode n, String path) {
        List<String> out = new ArrayList<>();
        if (n == null || n.isNull()) {
            return out;
        }
        array(n, path);
        for (int i = 0; i < n.size(); i++) {
            String s = scalar(n.get(i), path + "[" + i + "]");
            if (s == null) {
                throw bad(path + "[" + i + "]", "must be a string");
            }
            out.add(s);
        }
        return out;
    }

    Map<String, String> stringMap(JsonNode n, String path) {
        Map<String, String> out = new LinkedHashMap<>();
        if (n == null || n.isNull()) {
            return out;
        }
        object(n, path);
        n.fields().forEachRemaining(e -> {
            String v = scalar(e.getValue(), path + "." + e.getKey());
            out.put(e.getKey(), v == null ? "" : v);
        });
        return out;
    }

    private static String last(String path) {
        int dot = path.lastIndexOf('.');
        return dot < 0 ? path : path.substring(dot + 1);
    }
}
