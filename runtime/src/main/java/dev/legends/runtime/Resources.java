package dev.legends.runtime;

/**
 * cgroup limits; a null field leaves the kernel's default. {@code cpuQuota}/{@code cpuPeriod} are
 * CFS microseconds, as docker's {@code --cpus} sets them.
 */
public record Resources(Long cpuShares, Long cpuQuota, Long cpuPeriod, Long memoryBytes, Long pidsLimit) {
    public static final Resources NONE = new Resources(null, null, null, null, null);

    /** Docker's period for {@code --cpus}: quota = cpus x 100 ms. */
    static final long CPU_PERIOD_US = 100_000;

    /** {@code --cpus 1.5}: a quota of 150 ms each 100 ms period. */
    public Resources withCpus(double cpus) {
        return new Resources(cpuShares, Math.round(cpus * CPU_PERIOD_US), CPU_PERIOD_US, memoryBytes, pidsLimit);
    }

    public Resources withCpuShares(long shares) {
        return new Resources(shares, cpuQuota, cpuPeriod, memoryBytes, pidsLimit);
    }

    public Resources withMemory(long bytes) {
        return new Resources(cpuShares, cpuQuota, cpuPeriod, bytes, pidsLimit);
    }

    public Resources withPidsLimit(long pids) {
        return new Resources(cpuShares, cpuQuota, cpuPeriod, memoryBytes, pids);
    }
}
