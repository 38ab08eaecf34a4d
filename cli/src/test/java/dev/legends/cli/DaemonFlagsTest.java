package dev.legends.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `legends daemon` refuses bad platform flags with one line, before it starts anything. */
class DaemonFlagsTest {
    @TempDir
    Path root;

    private void refused(String expected, String... args) {
        String[] full = new String[args.length + 1];
        full[0] = "daemon";
        System.arraycopy(args, 0, full, 1, args.length);
        Legends.Result r = Legends.run(root, full);
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("legends: " + expected + System.lineSeparator());
        assertThat(root.resolve("legends.db")).doesNotExist();
    }

    @Test
    void badPlatformFlagsAreOneClearLine() {
        refused("--platform mars: use local or kubernetes", "--platform", "mars");
        refused("unknown kubernetes router 'istio': use gateway-api or ingress-nginx", "--platform", "kubernetes", "--router", "istio");
        refused("--namespace, --prometheus: only with --platform kubernetes", "--namespace", "shop", "--prometheus", "http://p:9090");
        refused("--ingress-class: only with --router ingress-nginx", "--platform", "kubernetes", "--ingress-class", "nginx");
        refused("--gateway: only with --router gateway-api (the ingress-nginx router uses --ingress-class)",
                "--platform", "kubernetes", "--router", "ingress-nginx", "--gateway", "gw");
        refused("--prometheus ftp://p: expected an http(s) URL, for example http://prometheus.monitoring:9090",
                "--platform", "kubernetes", "--prometheus", "ftp://p");
        refused("--kubeconfig " + root.resolve("nope") + ": no such file, or not readable",
                "--platform", "kubernetes", "--kubeconfig", root.resolve("nope").toString());
    }
}
