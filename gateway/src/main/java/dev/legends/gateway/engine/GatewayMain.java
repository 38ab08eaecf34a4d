package dev.legends.gateway.engine;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;

/**
 * {@code java dev.legends.gateway.engine.GatewayMain --config FILE [--admin SOCKET] [--threads N] [--access-log FILE]}:
 * the gateway process the daemon supervises. It serves until SIGTERM, then drains for up to 10 s.
 */
public final class GatewayMain {
    private GatewayMain() {}

    public static void main(String[] args) throws InterruptedException {
        Path config = null;
        Path admin = null;
        int threads = Runtime.getRuntime().availableProcessors();
        Path accessLog = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--config" -> config = Path.of(args[++i]);
                case "--admin" -> admin = Path.of(args[++i]);
                case "--threads" -> threads = Integer.parseInt(args[++i]);
                case "--access-log" -> accessLog = Path.of(args[++i]);
                default -> {
                    System.err.println("gateway: unknown argument " + args[i]);
                    System.exit(2);
                }
            }
        }
        run(config, admin, threads, accessLog);
    }

    /** Runs a gateway in this process until it is told to stop (SIGTERM, SIGINT). */
    public static void run(Path config, Path admin, int threads, Path accessLog) throws InterruptedException {
        Gateway g = Gateway.start(config, admin, threads, accessLog);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            g.close(Duration.ofSeconds(10));
            stopped.countDown();
        }, "gateway-stop"));
        System.out.println("legends gateway serving (pid " + ProcessHandle.current().pid() + ", admin " + admin + ")");
        System.out.flush();
        stopped.await();
    }
}
