package dev.legends.cli;

import picocli.CommandLine.IModelTransformer;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Makes everything after a command's first positional parameter part of the container's command,
 * as docker does: {@code legends run busybox ls -l} passes -l to ls, not to run.
 */
final class StopAtPositional implements IModelTransformer {
    @Override
    public CommandSpec transform(CommandSpec spec) {
        spec.parser().stopAtPositional(true);
        return spec;
    }
}
