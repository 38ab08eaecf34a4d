package dev.legends.cli;

import dev.legends.core.LegendsException;
import dev.legends.server.api.RegistryRequests;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** pull, push, login and logout: images to and from a registry. */
final class RegistryCommands {
    private RegistryCommands() {}

    static BlobBars bars(CommandSpec spec) {
        return new BlobBars(spec.commandLine().getErr(), Cli.terminal(spec));
    }

    @Command(name = "pull", description = "Pull an image from a registry (OCI distribution API)")
    static final class Pull implements Runnable {
        @Spec
        CommandSpec spec;

        @Option(names = "--platform", paramLabel = "OS/ARCH[/VARIANT]", description = "Platform to pick from an image index (default: linux/amd64)")
        String platform;

        @Option(names = {"-q", "--quiet"}, description = "Print only the image id")
        boolean quiet;

        @Parameters(paramLabel = "NAME[:TAG|@DIGEST]")
        String reference;

        @Override
        public void run() {
            RegistryRequests.Pulled p = Cli.client(spec).progress("POST", "/v1/images/pull",
                    new RegistryRequests.Pull(reference, platform), quiet ? l -> { } : bars(spec), RegistryRequests.Pulled.class);
            if (quiet) {
                Cli.out(spec).println(p.id());
            } else {
                Cli.out(spec).println("Digest: " + p.digest());
                Cli.out(spec).println("Pulled " + p.reference() + " (" + Units.shortId(p.id()) + ", " + Units.size(p.downloaded()) + " downloaded)");
            }
            Cli.out(spec).flush();
        }
    }

    @Command(name = "push", description = "Push an image to the registry its name says")
    static final class Push implements Runnable {
        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "NAME[:TAG]")
        String reference;

        @Override
        public void run() {
            RegistryRequests.Pushed p = Cli.client(spec).progress("POST", "/v1/images/push",
                    new RegistryRequests.Push(reference), bars(spec), RegistryRequests.Pushed.class);
            Cli.out(spec).println(p.reference() + ": digest: " + p.digest() + " size: " + p.size());
            Cli.out(spec).flush();
        }
    }

    @Command(name = "login", description = "Store credentials for a registry, after checking them")
    static final class Login implements Runnable {
        @Spec
        CommandSpec spec;

        @Option(names = {"-u", "--username"}, required = true)
        String username;

        @Option(names = {"-p", "--password"}, description = "The password (prefer --password-stdin)")
        String password;

        @Option(names = "--password-stdin", description = "Read the password from standard input")
        boolean passwordStdin;

        @Parameters(paramLabel = "REGISTRY")
        String registry;

        @Override
        public void run() {
            String secret = password;
            if (passwordStdin) {
                try {
                    secret = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
                } catch (IOException e) {
                    throw LegendsException.invalid("read the password from stdin: " + e.getMessage());
                }
            } else if (secret == null && System.console() != null) {
                char[] typed = System.console().readPassword("Password: ");
                secret = typed == null ? null : new String(typed);
            }
            if (secret == null || secret.isEmpty()) {
                throw LegendsException.invalid("a password is required: -p, --password-stdin, or type it at the prompt");
            }
            Map<?, ?> r = Cli.client(spec).post("/v1/auth/login", new RegistryRequests.Login(registry, username, secret), Map.class);
            Cli.out(spec).println(r.get("status"));
            Cli.out(spec).flush();
        }
    }

    @Command(name = "logout", description = "Forget the credentials stored for a registry")
    static final class Logout implements Runnable {
        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "REGISTRY")
        String registry;

        @Override
        public void run() {
            Map<?, ?> r = Cli.client(spec).post("/v1/auth/logout", new RegistryRequests.Logout(registry), Map.class);
            Cli.out(spec).println(Boolean.TRUE.equals(r.get("removed")) ? "Removed login credentials for " + registry
                    : "Not logged in to " + registry);
            Cli.out(spec).flush();
        }
    }
}
