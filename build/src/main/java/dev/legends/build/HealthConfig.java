package dev.legends.build;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * {@code config.Healthcheck}: the test ({@code ["NONE"]}, {@code ["CMD", ...]} or
 * {@code ["CMD-SHELL", cmd]}), durations in nanoseconds, retries. Null or zero means the default.
 */
record HealthConfig(@JsonProperty("Test") List<String> test,
                    @JsonProperty("Interval") Long interval,
                    @JsonProperty("Timeout") Long timeout,
                    @JsonProperty("StartPeriod") Long startPeriod,
                    @JsonProperty("StartInterval") Long startInterval,
                    @JsonProperty("Retries") Integer retries) {}
