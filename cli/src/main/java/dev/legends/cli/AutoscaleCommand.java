package dev.legends.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.legends.server.apps.AppsApi;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code legends autoscale APP --min N --max M --cpu-percent P}: a horizontal autoscaler, as kubectl autoscale. */
@Command(name = "autoscale", description = "Scale an app between --min and --max replicas on CPU or requests per second")
final class AutoscaleCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "APP")
    String app;

    @Option(names = "--min", defaultValue = "1", description = "Fewest replicas (default: 1)")
    int min;

    @Option(names = "--max", description = "Most replicas")
    Integer max;

    @Option(names = "--cpu-percent", description = "Target CPU use, in percent of the container's CPU limit")
    Integer cpuPercent;

    @Option(names = "--requests-per-second", description = "Target requests per second per ready replica (from the gateway)")
    Double rps;

    @Option(names = "--scale-up-window", paramLabel = "SECONDS", description = "Scale-up stabilization window (default: 0)")
    Integer upWindow;

    @Option(names = "--scale-down-window", paramLabel = "SECONDS", description = "Scale-down stabilization window (default: 300)")
    Integer downWindow;

    @Option(names = "--delete", description = "Remove the app's autoscaler")
    boolean delete;

    @Override
    public void run() {
        String path = "/v1/apps/" + Cli.q(app) + "/autoscale";
        if (delete) {
            Cli.client(spec).delete(path, Map.class);
            Cli.out(spec).println("app/" + app + " autoscaler removed");
            Cli.out(spec).flush();
            return;
        }
        if (max == null) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "autoscale: --max is required");
        }
        JsonNode r = Cli.client(spec).post(path, new AppsApi.AutoscaleRequest(min, max, cpuPercent, rps, upWindow, downWindow),
                JsonNode.class);
        Cli.out(spec).println("app/" + app + " autoscaled: " + r.path("spec").path("minReplicas").asInt() + ".."
                + r.path("spec").path("maxReplicas").asInt() + " replicas");
        Cli.out(spec).flush();
    }
}
