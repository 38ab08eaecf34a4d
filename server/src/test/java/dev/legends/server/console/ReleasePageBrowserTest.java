package dev.legends.server.console;

import dev.legends.server.releases.MemoryPorts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.legends.release.Phase;
import dev.legends.release.Ports;
import dev.legends.release.ReleaseStatus;
import dev.legends.release.Releases;
import dev.legends.server.api.ApiClient;
import dev.legends.server.api.Endpoint;
import dev.legends.server.http.HttpApi;
import dev.legends.server.http.Router;
import dev.legends.server.releases.ReleasesApi;
import dev.legends.store.Store;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;

/**
 * The release page's buttons against the real release API and state machine: a canary of "web"
 * runs in a Releases engine whose platform, router and metrics are in memory (instances ready at
 * once, no traffic), so the test is about what the page shows and sends. Promote moves the
 * canary from 20% to 50%; abort sends everything back to stable.
 */
class ReleasePageBrowserTest {
    private static final String TOKEN = "release-page-token";

    @TempDir
    Path dir;

    @Test
    void promoteMovesTheSplitAndAbortSendsAllTrafficBack() throws Exception {
        Map<String, Object> strategy = Map.of("canary", Map.of("scaleDownDelaySeconds", 0, "steps", List.of(
                Map.of("setWeight", 20), Map.of("pause", Map.of()), Map.of("setWeight", 50), Map.of("pause", Map.of()))));
        Ports ports = MemoryPorts.of(strategy);
        Router router = new Router();
        try (Store store = Store.open(dir.resolve("db"), Releases.SCHEMA);
             Releases releases = new Releases(store, ports, Clock.systemUTC());
             HttpApi api = new HttpApi(router)) {
            new ReleasesApi(releases).register(router);
            Console console = new Console(router);
            releases.startLoop(Duration.ofMillis(20));
            api.listenUnix(dir.resolve("api.sock"));
            InetSocketAddress at = console.serve(api, new InetSocketAddress("127.0.0.1", 0), TOKEN, null, dir);
            ApiClient client = new ApiClient(new Endpoint.Unix(dir.resolve("api.sock")));
            client.post("/v1/releases/web", new ReleasesApi.Start("web:2", null, null), ReleaseStatus.class);
            ReleaseStatus first = awaitPause(client, -1);
            try (Chromium chromium = new Chromium("http://127.0.0.1:" + at.getPort(), dir.resolve("chromium"))) {
                WebDriver browser = chromium.driver;
                chromium.logIn(TOKEN);
                chromium.open("releases/web");
                assertThat(percents(browser)).containsExactly("80", "20");
                assertThat(states(browser)).isEqualTo(expectedStates(first)).contains("done", "paused", "pending");
                assertThat(browser.findElements(By.cssSelector("#timeline li.step")).get(first.step()).getText())
                        .isEqualTo((first.step() + 1) + "\n" + first.plan().get(first.step()));
                assertThat(browser.findElement(By.id("release-head")).getText()).contains("canary", "stable r1 → new r2");
                chromium.shot("release-paused");

                browser.findElement(By.id("promote")).click();
                chromium.wait.until(d -> d.findElement(By.id("action-result")).getText().startsWith("promote: done"));
                ReleaseStatus second = awaitPause(client, first.step());
                // the page follows the release (watch stream and polling) without a reload
                chromium.wait.until(d -> percents(d).equals(List.of("50", "50")));
                chromium.wait.until(d -> states(d).equals(expectedStates(second)));
                chromium.shot("release-promoted");

                browser.findElement(By.id("abort")).click();
                chromium.wait.until(d -> d.findElement(By.id("action-result")).getText().equals("abort: done, the release is aborted"));
                assertThat(client.get("/v1/releases/web", ReleaseStatus.class).phase()).isEqualTo(Phase.ABORTED);
                // stable alone, or stable at 100% and the new revision at 0%
                chromium.wait.until(d -> {
                    List<String> p = percents(d);
                    return !p.isEmpty() && p.getFirst().equals("100") && p.stream().skip(1).allMatch("0"::equals);
                });
                chromium.wait.until(d -> states(d).contains("failed"));
                assertThat(browser.findElement(By.cssSelector("#release-head .badge")).getText()).isEqualTo("aborted");
                chromium.shot("release-aborted");

                // a second abort is the API's own error, shown as its one line
                browser.findElement(By.id("abort")).click();
                chromium.wait.until(d -> d.findElement(By.id("action-result")).getText().startsWith("abort: ")
                        && !d.findElement(By.id("action-result")).getText().endsWith("…"));
                WebElement result = browser.findElement(By.id("action-result"));
                assertThat(result.getAttribute("class")).contains("error");
                assertThat(result.getAttribute("data-code")).isNotBlank();
            }
        }
    }

    private static List<String> percents(WebDriver d) {
        return d.findElements(By.cssSelector("#weights .weight")).stream().map(w -> w.getAttribute("data-percent")).toList();
    }

    private static List<String> states(WebDriver d) {
        return d.findElements(By.cssSelector("#timeline li.step")).stream().map(li -> li.getAttribute("data-state")).toList();
    }

    /** Waits for the release to pause at a step after {@code afterStep}. */
    private static ReleaseStatus awaitPause(ApiClient client, int afterStep) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        ReleaseStatus s = client.get("/v1/releases/web", ReleaseStatus.class);
        while ((s.phase() != Phase.PAUSED || s.step() <= afterStep) && System.nanoTime() < deadline) {
            Thread.sleep(20);
            s = client.get("/v1/releases/web", ReleaseStatus.class);
        }
        assertThat(s.phase()).isEqualTo(Phase.PAUSED);
        assertThat(s.step()).isGreaterThan(afterStep);
        return s;
    }

    /** What the timeline should show for a paused release: steps before the current one done, the rest pending. */
    private static List<String> expectedStates(ReleaseStatus s) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < s.plan().size(); i++) {
            out.add(i < s.step() ? "done" : i == s.step() ? "paused" : "pending");
        }
        return out;
    }
}
