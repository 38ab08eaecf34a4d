package dev.legends.server.host;

/** One line of the host report: what was checked, whether it is usable, and what to do if not. */
public record Check(String name, boolean ok, String detail, String hint) {
    static Check ok(String name, String detail) {
        return new Check(name, true, detail, null);
    }

    static Check missing(String name, String detail, String hint) {
        return new Check(name, false, detail, hint);
    }
}
