package dev.legends.server.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.legends.core.ErrorKind;
import dev.legends.core.LegendsException;
import dev.legends.server.http.Request;
import dev.legends.server.http.Response;
import dev.legends.workload.port.AppCatalog;
import dev.legends.workload.port.AppDefinition;
import dev.legends.workload.port.RevisionRef;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ExportApiTest {
    /** Two revisions of "web", the first stable; "new" has none yet. */
    static final AppCatalog CATALOG = new AppCatalog() {
        @Override
        public Optional<AppDefinition> app(String name) {
            return switch (name) {
                case "web" -> Optional.of(new AppDefinition("web", 2, 1, 2, null, "/", 8080, Map.of()));
                case "new" -> Optional.of(new AppDefinition("new", 1, 0, 0, null, "/", 8080, Map.of()));
                default -> Optional.empty();
            };
        }

        @Override
        public RevisionRef revision(String app, int number) {
            if (!app.equals("web") || number < 1 || number > 2) {
                throw LegendsException.notFound(app + " has no revision " + number);
            }
            return new RevisionRef(app, number, Map.of("image", "web:" + number));
        }

        @Override
        public List<RevisionRef> revisions(String app) {
            return List.of(revision(app, 1), revision(app, 2));
        }

        @Override
        public RevisionRef createRevision(String app, String image, String changeCause) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void markStable(String app, int revision) {
            throw new UnsupportedOperationException();
        }
    };

    static String get(String name, Map<String, List<String>> query) {
        Response r = new ExportApi(CATALOG).export(new Request("GET", "/v1/apps/" + name + "/export/k8s", query, Map.of("name", name), null));
        Response.Full full = (Response.Full) r;
        assertThat(full.status()).isEqualTo(200);
        assertThat(full.contentType()).startsWith("application/yaml");
        return new String(full.body(), StandardCharsets.UTF_8);
    }

    @Test
    void exportsTheStableRevisionUnlessAskedForAnother() {
        String yaml = get("web", Map.of("namespace", List.of("shop")));
        assertThat(yaml).contains("kind: \"Deployment\"", "name: \"web-r1\"", "image: \"web:1\"", "namespace: \"shop\"", "kind: \"HTTPRoute\"");
        assertThat(get("web", Map.of("revision", List.of("2"), "gateway", List.of("infra/public"))))
                .contains("image: \"web:2\"", "name: \"public\"").doesNotContain("namespace: \"shop\"");
    }

    @Test
    void unknownAppsAndRevisionsAreClearErrors() {
        assertThatThrownBy(() -> get("nope", Map.of())).isInstanceOfSatisfying(LegendsException.class,
                e -> assertThat(e.kind()).isEqualTo(ErrorKind.NOT_FOUND)).hasMessage("no such app: nope");
        assertThatThrownBy(() -> get("web", Map.of("revision", List.of("x")))).hasMessage("revision must be a number, not 'x'");
        assertThatThrownBy(() -> get("web", Map.of("revision", List.of("9")))).hasMessage("web has no revision 9");
        assertThatThrownBy(() -> get("new", Map.of())).hasMessage("new has no revision to export yet");
    }
}
