package dev.legends.build.local;

import java.security.SecureRandom;
import java.util.HexFormat;

/** Short random names for a build's snapshots and containers. */
final class Ids {
    private static final SecureRandom RANDOM = new SecureRandom();

    private Ids() {}

    /** 16 hex digits: unique enough among the few that live at once, short enough for mount paths. */
    static String random() {
        byte[] b = new byte[8];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }
}
