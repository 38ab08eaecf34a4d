package dev.legends.server.console;

import dev.legends.core.ErrorKind;
import dev.legends.server.api.VersionInfo;
import dev.legends.server.http.Access;
import dev.legends.server.http.Router;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * An OpenAPI 3.1 document made from the routes the daemon has registered, so that it cannot
 * drift from what is served: a route added by any layer appears with its method, path and path
 * parameters, and with the line from {@link RouteDocs} when there is one. Every error is the
 * same JSON, {code, message}.
 */
final class OpenApi {
    private OpenApi() {}

    static Map<String, Object> document(List<Router.Entry> routes) {
        Map<String, Map<String, Object>> paths = new TreeMap<>();
        for (Router.Entry r : routes) {
            paths.computeIfAbsent(r.template(), t -> new LinkedHashMap<>())
                    .put(r.method().toLowerCase(Locale.ROOT), operation(r));
        }
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("openapi", "3.1.0");
        doc.put("info", map("title", "Legends API", "version", VersionInfo.current().apiVersion(),
                "description", "The Legends daemon's REST API. On the unix socket no credential is needed (its file mode is "
                        + "the guard); on TCP send Authorization: Bearer TOKEN; the dashboard uses a session cookie from "
                        + "POST /login, and then needs the " + Access.CSRF_HEADER
                        + " header on requests that change something."));
        doc.put("servers", List.of(map("url", "/")));
        doc.put("security", List.of(map("bearer", List.of()), map("session", List.of())));
        doc.put("paths", paths);
        doc.put("components", map(
                "securitySchemes", map(
                        "bearer", map("type", "http", "scheme", "bearer"),
                        "session", map("type", "apiKey", "in", "cookie", "name", Access.COOKIE)),
                "schemas", map("Error", map("type", "object", "required", List.of("code", "message"),
                        "properties", map(
                                "code", map("type", "string", "description", "The kind of error",
                                        "enum", kinds()),
                                "message", map("type", "string", "description", "One line for a person to read")))),
                "responses", map("Error", map("description", "An error: the HTTP status follows the code",
                        "content", map("application/json", map("schema", map("$ref", "#/components/schemas/Error")))))));
        return doc;
    }

    private static Map<String, Object> operation(Router.Entry r) {
        RouteDocs.Doc doc = RouteDocs.of(r.method(), r.template());
        Map<String, Object> op = new LinkedHashMap<>();
        op.put("operationId", operationId(r));
        op.put("summary", doc == null ? r.method() + " " + r.template() : doc.summary());
        op.put("tags", List.of(tag(r.template())));
        List<Object> params = new ArrayList<>();
        for (String segment : r.template().split("/")) {
            if (segment.startsWith("{") && segment.endsWith("}")) {
                params.add(map("name", segment.substring(1, segment.length() - 1), "in", "path", "required", true,
                        "schema", map("type", "string")));
            }
        }
        if (doc != null) {
            for (String q : doc.query()) {
                params.add(map("name", q, "in", "query", "required", false, "schema", map("type", "string")));
            }
        }
        if (!params.isEmpty()) {
            op.put("parameters", params);
        }
        if (r.method().equals("POST") || r.method().equals("PUT")) {
            op.put("requestBody", map("required", false, "content", map("application/json", map("schema", map("type", "object")))));
        }
        String type = doc == null ? RouteDocs.JSON : doc.contentType();
        boolean json = type.equals(RouteDocs.JSON);
        op.put("responses", map(
                "200", map("description", doc != null && doc.stream() ? "Server-Sent Events, one JSON value per event" : "OK",
                        "content", map(type, map("schema", map("type", json ? "object" : "string")))),
                "default", map("$ref", "#/components/responses/Error")));
        if (!r.template().startsWith("/v1/") && !r.template().equals("/_ping")) {
            op.put("security", List.of()); // the dashboard's page and login are open
        }
        return op;
    }

    private static String tag(String template) {
        String[] parts = template.split("/");
        if (parts.length > 2 && parts[1].equals("v1")) {
            return parts[2];
        }
        return parts.length > 1 && !parts[1].isEmpty() && !parts[1].startsWith("_") ? "dashboard" : "system";
    }

    /** get /v1/containers/{id}/logs becomes getContainersIdLogs: unique because method and template are. */
    private static String operationId(Router.Entry r) {
        StringBuilder id = new StringBuilder(r.method().toLowerCase(Locale.ROOT));
        for (String part : r.template().split("[/{}._-]+")) {
            if (part.isEmpty() || part.equals("v1")) {
                continue;
            }
            id.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
        }
        if (r.template().equals("/")) {
            id.append("Root");
        }
        return id.toString();
    }

    private static List<String> kinds() {
        return Arrays.stream(ErrorKind.values()).map(Enum::name).toList();
    }

    /** A map keeping the order given: key, value, key, value... */
    private static Map<String, Object> map(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }
}
