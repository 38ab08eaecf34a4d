package dev.legends.runtime;

/** The namespaces a container can have of its own or share; user namespaces are not used. */
public enum NamespaceType {
    MOUNT("mount", "mnt"),
    PID("pid", "pid"),
    UTS("uts", "uts"),
    IPC("ipc", "ipc"),
    NETWORK("network", "net"),
    CGROUP("cgroup", "cgroup");

    private final String ociName;
    private final String procName;

    NamespaceType(String ociName, String procName) {
        this.ociName = ociName;
        this.procName = procName;
    }

    /** The type's name in config.json. */
    public String ociName() {
        return ociName;
    }

    /** The file's name under /proc/PID/ns/. */
    public String procName() {
        return procName;
    }
}
