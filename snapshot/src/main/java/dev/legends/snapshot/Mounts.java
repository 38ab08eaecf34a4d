package dev.legends.snapshot;

import dev.legends.core.LegendsException;
import dev.legends.linux.Errno;
import dev.legends.linux.FsMount;
import dev.legends.linux.SyscallException;
import dev.legends.linux.Syscalls;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Mounts and unmounts what a snapshotter hands out. */
public final class Mounts {
    /**
     * mount(2) copies its data argument into one page; longer options are cut, not refused. Short
     * snapshot paths (see Catalog) keep a stack of about 120 layers under it; above, the new mount
     * API takes the lower dirs one at a time.
     */
    static final int MAX_OPTIONS = 4095;

    private Mounts() {}

    public static void mount(Mount m, Path target) {
        if (m.type().equals(Mount.BIND)) {
            Syscalls.mount(m.source().toString(), target, null, Syscalls.MS_BIND | Syscalls.MS_REC, null);
            if (m.readOnly()) {
                try {
                    // a bind mount takes MS_RDONLY only on a remount
                    Syscalls.mount(null, target, null,
                            Syscalls.MS_REMOUNT | Syscalls.MS_BIND | Syscalls.MS_RDONLY, null);
                } catch (SyscallException e) {
                    Syscalls.umount2(target, Syscalls.MNT_DETACH);
                    throw e;
                }
            }
            return;
        }
        String options = m.options();
        int length = options.getBytes(StandardCharsets.UTF_8).length;
        if (length <= MAX_OPTIONS) {
            Syscalls.mount("overlay", target, "overlay", m.readOnly() ? Syscalls.MS_RDONLY : 0, options);
            return;
        }
        // too long for mount(2): hand the layers over one by one (Linux 6.8+ knows "lowerdir+")
        List<FsMount.Option> parts = new ArrayList<>();
        for (String feature : Mount.FEATURES.split(",")) {
            String[] kv = feature.split("=", 2);
            parts.add(new FsMount.Option(kv[0], kv[1]));
        }
        m.lowerDirs().forEach(dir -> parts.add(new FsMount.Option("lowerdir+", dir.toString())));
        if (m.upperDir() != null) {
            parts.add(new FsMount.Option("upperdir", m.upperDir().toString()));
            parts.add(new FsMount.Option("workdir", m.workDir().toString()));
        }
        try {
            FsMount.mount("overlay", parts, m.readOnly() ? FsMount.MOUNT_ATTR_RDONLY : 0, target);
        } catch (SyscallException e) {
            if (e.errno() == Errno.EINVAL && e.call().equals("fsconfig lowerdir+")) {
                throw LegendsException.precondition("mount overlay " + target + ": " + m.lowerDirs().size()
                        + " layers need " + length + " bytes of options, more than one page (" + MAX_OPTIONS
                        + "), and this kernel has no lowerdir+ (Linux 6.8)");
            }
            throw e;
        }
    }

    /** Unmounts {@code target}; if it is busy, detaches it lazily so the kernel finishes when it can. */
    public static void unmount(Path target) {
        try {
            Syscalls.umount2(target, 0);
        } catch (SyscallException e) {
            if (e.errno() != Errno.EBUSY) {
                throw e;
            }
            Syscalls.umount2(target, Syscalls.MNT_DETACH);
        }
    }
}
