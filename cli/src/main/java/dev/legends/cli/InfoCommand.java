package dev.legends.cli;

import dev.legends.core.LegendsException;
import dev.legends.server.api.DaemonInfo;
import dev.legends.server.api.VersionInfo;
import dev.legends.server.host.Check;
import dev.legends.server.host.HostReport;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** The host report (runs without a daemon) and, when one runs, where the daemon keeps its state. */
@Command(name = "info", description = "Check the host (kernel, overlayfs, namespaces, cgroups, runc, CNI, iptables) and show the daemon")
final class InfoCommand implements Runnable {
    @ParentCommand
    LegendsCommand parent;

    @Mixin
    Output output;

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        List<Check> checks = HostReport.run();
        DaemonInfo daemon = null;
        String daemonError = null;
        try {
            daemon = parent.global.client().get("/v1/info", DaemonInfo.class);
        } catch (LegendsException e) {
            daemonError = e.getMessage();
        }
        PrintWriter out = spec.commandLine().getOut();
        if (output.json()) {
            Map<String, Object> v = new LinkedHashMap<>();
            v.put("client", VersionInfo.current());
            v.put("host", checks);
            v.put("daemon", daemon);
            output.printJson(out, v);
            return;
        }
        out.println("Host:");
        for (Check c : checks) {
            out.printf(" %-15s %-8s %s%n", c.name(), c.ok() ? "OK" : "MISSING", c.detail());
            if (!c.ok()) {
                out.printf(" %-15s %-8s %s%n", "", "", "hint: " + c.hint());
            }
        }
        out.println("Daemon:");
        if (daemon == null) {
            out.println(" not running (" + daemonError + ")");
        } else {
            out.println(" Version:     " + daemon.version().version());
            out.println(" PID:         " + daemon.pid());
            out.println(" Root:        " + daemon.root());
            out.println(" Socket:      " + daemon.socket());
            if (daemon.tcp() != null) {
                out.println(" TCP:         " + daemon.tcp());
            }
            out.println(" Store:       " + daemon.store() + " (schema " + daemon.schema() + ")");
            if (daemon.platform() != null) {
                out.println(" Platform:    " + daemon.platform());
            }
            out.println(" Started:     " + daemon.startedAt());
        }
        out.flush();
    }
}
