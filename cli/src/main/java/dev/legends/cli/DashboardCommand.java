package dev.legends.cli;

import java.io.PrintWriter;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** Where the running daemon serves its web dashboard, and where the login token is kept. */
@Command(name = "dashboard", description = "Show the web dashboard's URL and where its login token is (daemon --dashboard)")
final class DashboardCommand implements Runnable {
    @ParentCommand
    LegendsCommand parent;

    @Mixin
    Output output;

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        @SuppressWarnings("unchecked")
        Map<String, Object> info = parent.global.client().get("/v1/dashboard", Map.class);
        PrintWriter out = spec.commandLine().getOut();
        if (output.json()) {
            output.printJson(out, info);
            return;
        }
        out.println("Dashboard: " + info.get("url"));
        out.println("Token:     in " + info.get("tokenLocation") + " (paste its contents on the login page)");
        out.flush();
    }
}
