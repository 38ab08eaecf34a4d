package dev.legends.cli;

/**
 * A command that, with some of its options, must run in the client's own process: it reads the
 * client's stdin or drives its terminal, which a command run by the daemon ({@link InDaemon}) has not.
 */
interface NeedsClient {
    /** Why this parsed command must run in the client, or null if the daemon may run it. */
    String needsClient();
}
