package dev.legends.server.containers;

import java.util.List;

/**
 * The wire forms of the container and pod API, shared with the CLI. Times are RFC 3339 in UTC;
 * sizes and limits travel as the user wrote them ("64m") and are read by the daemon, so that every
 * client gets the same checks and messages.
 */
public final class ContainerRequests {
    private ContainerRequests() {}

    /**
     * {@code legends run}'s options; null fields take docker's defaults. {@code network} is
     * {@code none}, {@code host} or network names separated by commas; {@code publish} holds
     * {@code -p [HOSTIP:]HOSTPORT:CONTAINERPORT[/PROTO]}; {@code ip} is a fixed address on the first network.
     */
    public record Run(
            String image,
            List<String> command,
            List<String> entrypoint,
            String name,
            List<String> env,
            String workdir,
            String user,
            String hostname,
            String cpus,
            String memory,
            Long pidsLimit,
            String restart,
            boolean autoRemove,
            String pod,
            String network,
            List<String> volumes,
            List<String> tmpfs,
            List<String> ulimits,
            List<String> capAdd,
            List<String> capDrop,
            boolean init,
            boolean readOnly,
            boolean attach,
            boolean tty,
            boolean interactive,
            String ip,
            List<String> publish,
            List<String> logOpts) {}

    /**
     * The answer to a run. {@code exitCode} is set when the command could not start (127 not found,
     * 126 not executable): then nothing of the container is left and {@code error} says why.
     */
    public record Ran(String id, String name, Integer exitCode, String error) {}

    public record Row(
            String id,
            String name,
            String image,
            String imageId,
            List<String> command,
            String created,
            String state,
            long pid,
            Integer exitCode,
            String startedAt,
            String finishedAt,
            boolean oomKilled,
            String error,
            String restartPolicy,
            int restartCount,
            String podId,
            String podName,
            boolean pause,
            List<String> addresses) {}

    /** With {@code tty} or {@code interactive}, the answer is an {@link ExecCreated} session to start with an attach. */
    public record Exec(List<String> args, List<String> env, String workdir, String user, boolean tty, boolean interactive) {
        public Exec(List<String> args, List<String> env, String workdir, String user) {
            this(args, env, workdir, user, false, false);
        }
    }

    /** An exec session: {@code POST /v1/exec/{id}/start} attaches and runs it, {@code .../wait} ends it. */
    public record ExecCreated(String id) {}

    public record ExecResult(int exitCode, String stdout, String stderr) {}

    /** One line a container wrote; {@code stream} is stdout or stderr. */
    public record LogEntry(String time, String stream, String text) {}

    /** How a container exited; {@code removed} when it was auto-removed afterwards. */
    public record Exit(int exitCode, boolean oomKilled, String error, boolean removed) {}

    /** One message of a followed log: a line, or the exit that ends the stream, or an error that ends it. */
    public record LogEvent(LogEntry line, Exit exit, String error) {}

    /** {@code ps -ef}'s columns and one row per process, as docker's top API answers. */
    public record Top(List<String> titles, List<List<String>> processes) {}

    /** {@code legends pod create}; {@code network}, {@code ip} and {@code publish} as for {@link Run}. */
    public record CreatePod(String name, String hostname, boolean sharePid, String network, String ip, List<String> publish) {}

    public record PodRow(String id, String name, String hostname, boolean sharePid, String created, String state,
                         String pauseId, List<String> containers, List<String> addresses) {}
}
