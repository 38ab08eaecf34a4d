package dev.legends.cli;

import dev.legends.core.LegendsException;
import dev.legends.core.Version;
import dev.legends.server.api.VersionInfo;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** Client and daemon versions, as `docker version` shows them; a stopped daemon is not an error. */
@Command(name = "version", description = "Show the client's and the daemon's versions")
final class VersionCommand implements Runnable {
    @ParentCommand
    LegendsCommand parent;

    @Mixin
    Output output;

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        VersionInfo client = VersionInfo.current();
        VersionInfo server = null;
        String serverError = null;
        try {
            server = parent.global.client().get("/v1/version", VersionInfo.class);
        } catch (LegendsException e) {
            serverError = e.getMessage();
        }
        PrintWriter out = spec.commandLine().getOut();
        if (output.json()) {
            Map<String, Object> v = new LinkedHashMap<>();
            v.put("client", client);
            v.put("server", server);
            output.printJson(out, v);
            return;
        }
        print(out, "Client", client);
        if (server != null) {
            print(out, "Server", server);
        } else {
            out.println("Server: not running (" + serverError + ")");
        }
        out.flush();
    }

    private static void print(PrintWriter out, String title, VersionInfo v) {
        out.println(title + ":");
        out.println(" Version:     " + v.version());
        out.println(" API version: " + v.apiVersion());
        out.println(" Java:        " + v.javaVersion());
        out.println(" OS/Arch:     " + v.os() + "/" + v.arch());
    }

    static final class Provider implements IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"legends " + Version.current()};
        }
    }
}
