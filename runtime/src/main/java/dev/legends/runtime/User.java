package dev.legends.runtime;

import dev.legends.core.LegendsException;
import java.util.ArrayList;
import java.util.List;

/** Numeric identity of a container's process: uid, gid and supplementary groups. */
public record User(long uid, long gid, List<Long> additionalGids) {
    public static final User ROOT = new User(0, 0, List.of());

    public User {
        additionalGids = additionalGids == null ? List.of() : List.copyOf(additionalGids);
    }

    public User(long uid, long gid) {
        this(uid, gid, List.of());
    }

    /** Parses docker's {@code --user UID[:GID]}; names need the image's passwd, so only numbers. */
    public static User parse(String s) {
        String[] parts = s.split(":", -1);
        if (parts.length > 2) {
            throw LegendsException.invalid("invalid user " + s + ": expected UID[:GID]");
        }
        try {
            long uid = Long.parseLong(parts[0]);
            long gid = parts.length == 2 ? Long.parseLong(parts[1]) : uid;
            return new User(uid, gid, List.of());
        } catch (NumberFormatException e) {
            throw LegendsException.invalid("invalid user " + s + ": expected numeric UID[:GID]");
        }
    }

    public User withAdditionalGids(long... gids) {
        List<Long> all = new ArrayList<>();
        for (long g : gids) {
            all.add(g);
        }
        return new User(uid, gid, all);
    }

    @Override
    public String toString() {
        return uid + ":" + gid;
    }
}
