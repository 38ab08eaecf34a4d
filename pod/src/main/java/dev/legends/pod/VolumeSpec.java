package dev.legends.pod;

import dev.legends.core.LegendsException;
import dev.legends.runtime.Mount;
import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * One {@code -v} as docker reads it: {@code /HOST:DST[:ro]} is a bind mount, {@code NAME:DST[:ro]}
 * a named volume, and a lone {@code /DST} an anonymous volume (named by the engine when it runs).
 *
 * @param source a host path (BIND), a volume name (NAMED), null (ANONYMOUS)
 */
record VolumeSpec(Kind kind, String source, String destination, boolean readOnly) {
    enum Kind { BIND, NAMED, ANONYMOUS }

    static final Pattern NAME = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9_.-]*");

    static VolumeSpec parse(String spec) {
        String[] p = spec.split(":", -1);
        if (p.length == 1) {
            if (!spec.startsWith("/")) {
                throw LegendsException.invalid("invalid volume " + spec + ": expected /HOST/PATH:DST[:ro], NAME:DST[:ro] or an absolute DST");
            }
            return new VolumeSpec(Kind.ANONYMOUS, null, spec, false);
        }
        if (p.length > 3 || p[0].isEmpty() || p[1].isEmpty()) {
            throw LegendsException.invalid("invalid volume " + spec + ": expected /HOST/PATH:DST[:ro], NAME:DST[:ro] or an absolute DST");
        }
        boolean ro = false;
        if (p.length == 3) {
            ro = switch (p[2]) {
                case "ro" -> true;
                case "rw" -> false;
                default -> throw LegendsException.invalid("invalid volume " + spec + ": unknown mode " + p[2] + " (ro or rw)");
            };
        }
        if (p[0].startsWith("/")) {
            return new VolumeSpec(Kind.BIND, p[0], p[1], ro);
        }
        if (!NAME.matcher(p[0]).matches()) {
            throw LegendsException.invalid("invalid volume " + spec + ": \"" + p[0] + "\" is not a volume name ([a-zA-Z0-9][a-zA-Z0-9_.-]*)"
                    + " and a bind mount source must be an absolute host path");
        }
        if (!p[1].startsWith("/")) {
            throw LegendsException.invalid("invalid volume " + spec + ": the mount path " + p[1] + " must be absolute");
        }
        return new VolumeSpec(Kind.NAMED, p[0], p[1], ro);
    }

    /** Checks a name given to {@code volume create} (or found in {@code -v}) by docker's rule. */
    static void checkName(String name) {
        if (name == null || !NAME.matcher(name).matches() || name.length() > 255) {
            throw LegendsException.invalid("invalid volume name " + (name == null || name.isEmpty() ? "\"\"" : "\"" + name + "\"")
                    + ": only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed, at most 255 characters");
        }
    }

    /** The spec as recorded once an anonymous volume has its name: {@code NAME:DST[:ro]}. */
    String named(String name) {
        return name + ":" + destination + (readOnly ? ":ro" : "");
    }

    /** The runtime's mount: a volume is a bind of its {@code _data} directory under {@code volumesDir}. */
    Mount mount(Path volumesDir) {
        return switch (kind) {
            case BIND -> Mount.bind(Path.of(source), destination, readOnly);
            case NAMED -> Mount.bind(LocalVolumes.dataDir(volumesDir, source), destination, readOnly);
            case ANONYMOUS -> throw new IllegalStateException("anonymous volume " + destination + " has no name yet");
        };
    }
}
