package dev.legends.runtime;

import java.nio.file.Path;

/**
 * A stand-in daemon for {@link LiveRestoreTest}: runs one container on a state directory, says
 * "started" and then waits to be killed with SIGKILL.
 */
public final class DaemonStub {
    private DaemonStub() {}

    public static void main(String[] args) throws InterruptedException {
        ContainerRuntime runtime = ContainerRuntime.open(Path.of(args[0]));
        runtime.run(ContainerSpec.builder(args[2], Path.of(args[1])).args("sh", "-c", "echo before; sleep 1000").build());
        System.out.println("started");
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
