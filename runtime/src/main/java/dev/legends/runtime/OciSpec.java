package dev.legends.runtime;

import java.util.List;
import java.util.Map;

/**
 * config.json of an OCI bundle (runtime-spec 1.0.2), only the parts Legends writes. Wire format
 * only: {@link OciTranslator} makes it from a {@link ContainerSpec}. Null fields are left out.
 */
record OciSpec(String ociVersion, Process process, Root root, String hostname, List<Mount> mounts, Linux linux,
               Map<String, String> annotations) {

    static final String VERSION = "1.0.2";

    record Process(boolean terminal, User user, List<String> args, List<String> env, String cwd,
                   Capabilities capabilities, List<Rlimit> rlimits, boolean noNewPrivileges) {}

    record User(long uid, long gid, List<Long> additionalGids) {}

    record Capabilities(List<String> bounding, List<String> effective, List<String> inheritable,
                        List<String> permitted, List<String> ambient) {}

    record Rlimit(String type, long hard, long soft) {}

    record Root(String path, boolean readonly) {}

    record Mount(String destination, String type, String source, List<String> options) {}

    record Linux(Resources resources, String cgroupsPath, List<Namespace> namespaces,
                 List<String> maskedPaths, List<String> readonlyPaths) {}

    record Namespace(String type, String path) {}

    record Resources(List<DeviceRule> devices, Memory memory, Cpu cpu, Pids pids) {}

    record DeviceRule(boolean allow, String type, Long major, Long minor, String access) {}

    record Memory(Long limit, Long swap) {}

    record Cpu(Long shares, Long quota, Long period) {}

    record Pids(long limit) {}
}
