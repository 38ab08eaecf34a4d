package dev.legends.workload;

import dev.legends.workload.manifest.PodTemplate;
import java.time.Instant;

/** A running app container the prober watches: probes start from {@code started}. */
record ProbeTarget(String containerId, String pod, String address, PodTemplate template, Instant started) {}
