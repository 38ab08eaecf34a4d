package dev.legends.image.oci;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** Docker's health check; durations are nanoseconds, as Go writes them. */
public record Healthcheck(
        @JsonProperty("Test") List<String> test,
        @JsonProperty("Interval") Long interval,
        @JsonProperty("Timeout") Long timeout,
        @JsonProperty("StartPeriod") Long startPeriod,
        @JsonProperty("StartInterval") Long startInterval,
        @JsonProperty("Retries") Integer retries) {}
