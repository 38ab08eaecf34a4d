package dev.legends.server.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.legends.server.Daemon;
import dev.legends.server.DaemonConfig;
import dev.legends.server.api.ApiClient;
import dev.legends.server.api.BuildRequests;
import dev.legends.server.api.Endpoint;
import dev.legends.server.api.ImageRequests;
import dev.legends.snapshot.archive.LayerWriter;
import dev.legends.snapshot.archive.WriteOptions;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The dashboard in a real browser: Debian's chromium, headless, driven by chromedriver. One
 * daemon with real data (an imported image, a three-layer build, a pod with its pause container)
 * and one browser session, walked through in order like a user would; screenshots go to
 * target/screenshots.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DashboardBrowserTest {
    @TempDir
    static Path root;

    private Daemon daemon;
    private ApiClient api;
    private Chromium chromium;
    private WebDriver browser;
    private WebDriverWait wait;
    private String base;
    private String token;
    private String podName;
    private String networkName;
    private String subnet;
    private String podId;
    private String appImageId;

    @BeforeAll
    void start() throws Exception {
        daemon = Daemon.start(DaemonConfig.of(root).withDashboard(new InetSocketAddress("127.0.0.1", 0), null));
        base = "http://127.0.0.1:" + daemon.dashboardAddress().getPort();
        token = Files.readString(root.resolve("dashboard.token")).strip();
        api = new ApiClient(Endpoint.forRoot(root));
        makeImages();
        String suffix = UUID.randomUUID().toString().substring(0, 6);
        // a network of our own (bridge lg-dashXXXXXX, a /24 in 10.200-10.250) so the topology has a veth pair to draw
        int second = 200 + ThreadLocalRandom.current().nextInt(51), third = ThreadLocalRandom.current().nextInt(256);
        subnet = "10." + second + "." + third + ".0/24";
        networkName = "dash" + suffix;
        api.post("/v1/networks", Map.of("name", networkName, "subnet", subnet), Map.class);
        podName = "dash-" + suffix;
        @SuppressWarnings("unchecked")
        Map<String, Object> pod = api.post("/v1/pods", Map.of("name", podName, "hostname", "dash", "sharePid", false,
                "network", networkName), Map.class);
        podId = (String) pod.get("id");

        chromium = new Chromium(base, root.resolve("chromium"));
        browser = chromium.driver;
        wait = chromium.wait;
    }

    /** A one-layer base from a root filesystem tar, and an app built on it with two COPY steps. */
    private void makeImages() throws Exception {
        Path fs = Files.createDirectories(root.resolve("base-rootfs/etc"));
        Files.writeString(fs.resolve("os-release"), "NAME=dashboard-test\n");
        Files.write(fs.resolveSibling("big.bin"), new byte[200_000]);
        Path tar = root.resolve("base.tar");
        try (OutputStream out = Files.newOutputStream(tar)) {
            LayerWriter.write(root.resolve("base-rootfs"), out, WriteOptions.plain());
        }
        api.progress("POST", "/v1/images/import", new ImageRequests.Import(tar.toString(), "test/dash-base", List.of()),
                line -> { }, ImageRequests.Loaded.class);
        Path ctx = Files.createDirectories(root.resolve("ctx"));
        Files.writeString(ctx.resolve("Dockerfile"), "FROM test/dash-base\nCOPY a.txt /a.txt\nCOPY b.txt /a.txt\n");
        Files.writeString(ctx.resolve("a.txt"), "a".repeat(5000));
        Files.writeString(ctx.resolve("b.txt"), "b".repeat(300)); // copied over a.txt: wasted space
        BuildRequests.Built built = api.progress("POST", "/v1/build", new BuildRequests.Build(ctx.toString(), null,
                List.of("test/dash-app:1"), Map.of(), false, null, true), line -> { }, BuildRequests.Built.class);
        appImageId = built.id();
    }

    @AfterAll
    void stop() {
        try {
            if (chromium != null) {
                chromium.close();
            }
        } finally {
            try {
                if (podId != null) {
                    api.delete("/v1/pods/" + podId + "?force=1", Map.class);
                }
            } finally {
                try {
                    if (networkName != null) {
                        api.delete("/v1/networks/" + networkName, Map.class);
                    }
                } finally {
                    if (daemon != null) {
                        daemon.close();
                    }
                }
            }
        }
    }

    @Test
    @Order(1)
    void aWrongTokenIsRefusedAndTheRightOneLogsIn() throws Exception {
        browser.get(base + "/");
        WebElement field = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("token")));
        field.sendKeys("not-the-token");
        browser.findElement(By.cssSelector("#login button[type=submit]")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("login-error"), "wrong token"));
        assertThat(browser.findElement(By.id("nav")).isDisplayed()).isFalse();
        shot("login-refused");

        field = browser.findElement(By.id("token"));
        field.clear();
        field.sendKeys(token);
        browser.findElement(By.cssSelector("#login button[type=submit]")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("nav")));
        waitForPage("apps");
        assertThat(browser.getCurrentUrl()).endsWith("#/apps");
        shot("apps");
    }

    @Test
    @Order(2)
    void podsShowTheirHostPidsAndNamespaces() throws Exception {
        open("pods");
        WebElement card = wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("[data-pod='" + podName + "']")));
        @SuppressWarnings("unchecked")
        Map<String, Object> inspect = api.get("/v1/pods/" + podId, Map.class);
        @SuppressWarnings("unchecked")
        Map<String, Object> pause = (Map<String, Object>) inspect.get("PauseContainer");
        String pausePid = String.valueOf(pause.get("Pid"));
        assertThat(card.findElement(By.tagName("h2")).getText()).contains(podName, "running");
        WebElement pauseRow = card.findElement(By.cssSelector("tr[data-container='" + pause.get("Name") + "']"));
        assertThat(pauseRow.findElement(By.cssSelector("td.pid")).getText()).isEqualTo(pausePid);
        List<String> nsTypes = card.findElements(By.cssSelector("table.containers th")).stream().map(WebElement::getText).toList();
        assertThat(nsTypes).contains("net", "ipc", "uts");
        assertThat(pauseRow.findElements(By.cssSelector("td.ns")).stream().map(WebElement::getText))
                .allSatisfy(inode -> assertThat(inode).matches("\\d+"));
        shot("pods");
    }

    @Test
    @Order(3)
    void anImageIsDrawnAsOneBoxPerLayerUnderTheUpperAndMergedLayers() throws Exception {
        open("images");
        WebElement link = wait.until(ExpectedConditions.presenceOfElementLocated(
                By.xpath("//table[@id='images']//a[text()='test/dash-app']")));
        link.click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("svg.union")));
        waitForPage("images");
        @SuppressWarnings("unchecked")
        Map<String, Object> inspect = api.get("/v1/images/inspect?name=" + appImageId, Map.class);
        List<?> layers = (List<?>) inspect.get("Layers");
        assertThat(layers).hasSize(3);
        List<WebElement> boxes = browser.findElements(By.cssSelector("svg.union g.layer-box"));
        assertThat(boxes).hasSize(layers.size());
        // bottom first in the data, drawn top down: the first box on screen is the last layer
        assertThat(boxes.getFirst().getAttribute("data-layer")).isEqualTo("3");
        assertThat(boxes.getLast().getAttribute("data-layer")).isEqualTo("1");
        assertThat(browser.findElements(By.cssSelector("svg.union .upper"))).hasSize(1);
        assertThat(browser.findElements(By.cssSelector("svg.union .merged"))).hasSize(1);
        assertThat(browser.findElement(By.id("layers")).getText()).contains("COPY file:", "in /a.txt", "5.0 kB");
        // a.txt is written in layers 2 and 3: dive counts both copies as waste, and the boxes show it
        assertThat(browser.findElements(By.cssSelector("svg.union g.layer-box rect.waste"))).hasSize(2);
        assertThat(browser.findElement(By.cssSelector(".cause")).getText()).startsWith("a.txt (5.3 kB) written in layers 2 and 3");
        // the merged view: a.txt was copied in layer 2 and again (from b.txt) in layer 3, and the top one wins
        assertThat(browser.findElement(By.xpath("//div[@id='files']//tr[td[1][normalize-space()='a.txt']]//span[@class='from-layer']"))
                .getText()).isEqualTo("L3");
        assertThat(browser.findElement(By.xpath("//div[@id='files']//tr[td[1][normalize-space()='etc/']]//span[@class='from-layer']"))
                .getText()).isEqualTo("L1");
        shot("image-layers");
    }

    @Test
    @Order(4)
    void aNetworkIsDrawnAsItsBridgeWithAVethPairToThePod() throws Exception {
        @SuppressWarnings("unchecked")
        Map<String, Object> pod = api.get("/v1/pods/" + podId, Map.class);
        @SuppressWarnings("unchecked")
        Map<String, Object> attachment = ((List<Map<String, Object>>) pod.get("Networks")).getFirst();
        String ip = ((String) attachment.get("address")).split("/")[0];
        assertThat(ip).startsWith(subnet.substring(0, subnet.lastIndexOf('.')));

        open("networks");
        WebElement net = wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("[data-network='" + networkName + "']")));
        WebElement svg = net.findElement(By.cssSelector("svg.topology"));
        assertThat(svg.findElement(By.cssSelector(".bridge text")).getText()).contains("lg-" + networkName, subnet);
        WebElement end = svg.findElement(By.cssSelector("g.endpoint[data-ip='" + ip + "']"));
        assertThat(end.findElements(By.cssSelector("line.veth"))).hasSize(1);
        assertThat(end.findElement(By.cssSelector(".veth-label")).getText()).isEqualTo(attachment.get("hostVeth"));
        assertThat(end.findElement(By.cssSelector(".pod-name")).getText()).isEqualTo(podName);
        shot("networks");

        // the pods page shows the same address
        open("pods");
        assertThat(browser.findElement(By.cssSelector("[data-pod='" + podName + "'] b.ip")).getText()).isEqualTo(ip + " (" + networkName + ")");
    }

    @Test
    @Order(5)
    void theReleaseButtonsPostAndShowTheDaemonsAnswer() throws Exception {
        open("releases/dash-app");
        List<String> answers = new ArrayList<>();
        for (String action : List.of("promote", "abort")) {
            browser.findElement(By.id(action)).click();
            wait.until(d -> {
                String t = d.findElement(By.id("action-result")).getText();
                return t.startsWith(action + ":") ? t : null;
            });
            String answer = browser.findElement(By.id("action-result")).getText();
            answers.add(answer);
            // the request got through the login and the CSRF header: what is left is the release API's own answer
            assertThat(answer).doesNotContain("log in", "x-legends-request");
            shot("release-" + action);
        }
        assertThat(answers).hasSize(2);
        System.out.println("release buttons answered: " + answers);
    }

    @Test
    @Order(6)
    void theApiReferenceListsEveryRoute() throws Exception {
        open("api");
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("reference")));
        List<WebElement> ops = browser.findElements(By.cssSelector("tr.operation"));
        assertThat(ops).hasSize(daemon.console().routes().size());
        assertThat(browser.findElement(By.cssSelector("tr[data-op='GET /v1/pods/{id}']")).getText()).contains("Inspect a pod");
        shot("api");
    }

    @Test
    @Order(7)
    void loggingOutEndsTheSession() throws Exception {
        browser.findElement(By.id("logout")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("token")));
        Object status = ((org.openqa.selenium.JavascriptExecutor) browser).executeAsyncScript(
                "const done = arguments[arguments.length - 1]; fetch('/v1/pods').then(r => done(r.status));");
        assertThat(status).isEqualTo(401L);
    }

    private void open(String hash) {
        chromium.open(hash);
    }

    private void waitForPage(String page) {
        chromium.waitForPage(page);
    }

    private void shot(String name) throws Exception {
        chromium.shot(name);
    }
}
