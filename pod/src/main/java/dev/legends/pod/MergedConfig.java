package dev.legends.pod;

import java.util.List;

/**
 * A container's process after the image's config and the run options were merged as docker
 * merges them, with the user resolved against the image's /etc/passwd and /etc/group. Kept with
 * the container, so that it can be created again without its image (after a host reboot, or to
 * rejoin a restarted pod).
 *
 * @param user       as asked (a name, uid, name:group...); empty for root
 * @param stopSignal the image's StopSignal, or SIGTERM
 */
public record MergedConfig(
        List<String> args,
        List<String> env,
        String cwd,
        String user,
        long uid,
        long gid,
        List<Long> groups,
        String stopSignal,
        String hostname) {

    public MergedConfig {
        args = List.copyOf(args);
        env = List.copyOf(env);
        groups = groups == null ? List.of() : List.copyOf(groups);
        user = user == null ? "" : user;
    }

    MergedConfig withUser(long newUid, long newGid, List<Long> newGroups) {
        return new MergedConfig(args, env, cwd, user, newUid, newGid, newGroups, stopSignal, hostname);
    }
}
