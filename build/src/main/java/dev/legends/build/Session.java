package dev.legends.build;

import dev.legends.build.context.SourceTree;
import java.util.Map;

/** What every step of one build shares. {@code done}: the stages built so far, by index. */
record Session(BuildPorts ports, BuildListener listener, StepCache cache, SourceTree context, char escape,
               BuildPlan plan, BuildArgs args, Map<Integer, StageState> done) {}
