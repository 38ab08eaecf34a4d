package dev.legends.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.legends.core.ErrorKind;
import dev.legends.core.Json;
import dev.legends.core.LegendsException;
import dev.legends.server.api.ApiClient;
import dev.legends.server.api.DaemonInfo;
import dev.legends.server.api.EventView;
import dev.legends.server.api.NewEvent;
import dev.legends.server.api.VersionInfo;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ApiTest {
    @TempDir
    Path root;

    private Daemon daemon;
    private ApiClient api;

    @BeforeEach
    void start() {
        daemon = Daemon.start(DaemonConfig.of(root));
        api = new ApiClient(dev.legends.server.api.Endpoint.forRoot(root));
    }

    @AfterEach
    void stop() {
        daemon.close();
    }

    @Test
    void answersOverTheUnixSocketWhichOnlyOwnerAndGroupMayUse() throws Exception {
        assertThat(api.get("/v1/version", VersionInfo.class).apiVersion()).isEqualTo("v1");
        assertThat(new String(api.call("GET", "/_ping", null), StandardCharsets.UTF_8)).isEqualTo("OK");
        Path socket = root.resolve("run/legends.sock");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(socket))).isEqualTo("rw-rw----");
        DaemonInfo info = api.get("/v1/info", DaemonInfo.class);
        assertThat(info.pid()).isEqualTo(ProcessHandle.current().pid());
        assertThat(info.socket()).isEqualTo(socket.toString());
        assertThat(info.schema()).containsEntry("store", 1);
    }

    @Test
    void recordsAndListsEvents() {
        EventView made = api.post("/v1/events", new NewEvent("test", "demo", "hello"), EventView.class);
        List<EventView> all = api.get("/v1/events", Json.listOf(EventView.class));
        assertThat(all).extracting(EventView::message).containsSubsequence("daemon started (pid " + ProcessHandle.current().pid() + ")", "hello");
        List<EventView> after = api.get("/v1/events?since=" + (made.id() - 1), Json.listOf(EventView.class));
        assertThat(after).containsExactly(made);
    }

    @Test
    void errorsComeBackAsTheirKindWithOneLine() {
        assertThatThrownBy(() -> api.get("/v1/nothing", VersionInfo.class))
                .isInstanceOfSatisfying(LegendsException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.NOT_FOUND))
                .hasMessage("no such API path: /v1/nothing");
        assertThatThrownBy(() -> api.post("/v1/events", new NewEvent("x", "", "y"), EventView.class))
                .isInstanceOfSatisfying(LegendsException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_ARGUMENT))
                .hasMessage("an event needs kind, object and message");
        assertThatThrownBy(() -> api.call("POST", "/v1/events", "{not json".getBytes(StandardCharsets.UTF_8)))
                .hasMessageStartingWith("malformed JSON");
        assertThatThrownBy(() -> api.get("/v1/events?limit=ten", VersionInfo.class))
                .hasMessage("query parameter limit: not a number: ten");
    }

    @Test
    void followStreamsEventsAsTheyCommit() throws Exception {
        List<EventView> before = api.get("/v1/events", Json.listOf(EventView.class));
        long last = before.getLast().id();
        List<String> seen = new CopyOnWriteArrayList<>();
        CompletableFuture<Void> follower = CompletableFuture.runAsync(() -> api.stream("/v1/events?follow=1&since=" + last, data -> {
            seen.add(Json.read(data.getBytes(StandardCharsets.UTF_8), EventView.class).message());
            return seen.size() < 2;
        }));
        daemon.store().events().append("test", "a", "first");
        daemon.store().events().append("test", "b", "second");
        follower.get(10, TimeUnit.SECONDS);
        assertThat(seen).containsExactly("first", "second");
    }

    @Test
    void aSecondDaemonOnTheSameRootIsRefused() {
        assertThatThrownBy(() -> Daemon.start(DaemonConfig.of(root)))
                .isInstanceOfSatisfying(LegendsException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.FAILED_PRECONDITION))
                .hasMessageContaining("another legends daemon is running on " + root);
        assertThat(api.get("/v1/version", VersionInfo.class)).isNotNull();
    }

    @Test
    void closeRemovesTheSocketAndRecordsTheStop() {
        daemon.close();
        assertThat(root.resolve("run/legends.sock")).doesNotExist();
        assertThatThrownBy(() -> api.get("/v1/version", VersionInfo.class))
                .isInstanceOfSatisfying(LegendsException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.UNAVAILABLE))
                .hasMessageContaining("is it running? Start it with: legends daemon");
        try (var store = dev.legends.store.Store.open(root.resolve("legends.db"))) {
            assertThat(store.events().tail(1)).extracting(dev.legends.store.Event::message).containsExactly("daemon stopped");
        }
        daemon = Daemon.start(DaemonConfig.of(root)); // the root is free again
    }
}
