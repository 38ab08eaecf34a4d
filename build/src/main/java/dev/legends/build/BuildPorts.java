package dev.legends.build;

import java.time.Clock;

/** What the builder needs from the engine, in one place. */
public record BuildPorts(ImageSource images, RootfsProvider rootfs, CommandRunner runner, ImageSink sink,
                         BuildCache cache, Clock clock) {}
