package dev.legends.build;

import dev.legends.build.dockerfile.Command;
import dev.legends.build.dockerfile.Instruction;
import dev.legends.build.dockerfile.Origin;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Steps that change only the image config. Each returns the comment docker records for it in
 * history. Substitution happens in the instructions where docker does it (ENV, LABEL, ARG
 * defaults, WORKDIR, USER, EXPOSE, VOLUME, STOPSIGNAL), always with the variables as they were
 * before the instruction: {@code ENV A=1 B=$A} sees the old A.
 */
final class MetadataSteps {
    private static final Pattern PORT = Pattern.compile("(\\d+)(?:-(\\d+))?(?:/(tcp|udp|sctp))?", Pattern.CASE_INSENSITIVE);

    private final BuildArgs args;
    private final char escape;

    MetadataSteps(BuildArgs args, char escape) {
        this.args = args;
        this.escape = escape;
    }

    String apply(StageState s, Instruction in) {
        Expander ex = new Expander(in.origin(), s.vars(), escape);
        ContainerConfig c = s.config;
        return switch (in) {
            case Instruction.Env e -> {
                List<String> set = new ArrayList<>();
                for (Instruction.KeyValue kv : e.pairs()) {
                    String k = ex.word(kv.key());
                    String v = ex.word(kv.value());
                    c.setEnv(k, v);
                    set.add(k + "=" + v);
                }
                yield "ENV " + String.join(" ", set);
            }
            case Instruction.Label l -> {
                List<String> set = new ArrayList<>();
                for (Instruction.KeyValue kv : l.pairs()) {
                    String k = ex.word(kv.key());
                    String v = ex.word(kv.value());
                    if (c.labels == null) {
                        c.labels = new TreeMap<>();
                    }
                    c.labels.put(k, v);
                    set.add(k + "=" + v);
                }
                yield "LABEL " + String.join(" ", set);
            }
            case Instruction.Arg a -> {
                List<String> shown = new ArrayList<>();
                for (Instruction.ArgDecl d : a.args()) {
                    String v = args.declare(d, s.vars(), a.origin());
                    s.args.put(d.name(), v);
                    shown.add(v == null ? d.name() : d.name() + "=" + v);
                }
                yield "ARG " + String.join(" ", shown);
            }
            case Instruction.Workdir w -> {
                String p = ex.word(w.path());
                String base = c.workingDirOrRoot();
                c.workingDir = dev.legends.build.context.CleanPath.clean(p.startsWith("/") ? p : base + "/" + p);
                yield "WORKDIR " + c.workingDir;
            }
            case Instruction.User u -> {
                c.user = ex.word(u.user());
                yield "USER " + c.user;
            }
            case Instruction.Expose e -> {
                List<String> ports = e.ports().stream().map(ex::word).sorted().toList();
                if (c.exposedPorts == null) {
                    c.exposedPorts = new TreeMap<>();
                }
                for (String p : ports) {
                    for (String key : portKeys(e.origin(), p)) {
                        c.exposedPorts.put(key, Map.of());
                    }
                }
                yield "EXPOSE " + String.join(" ", ports);
            }
            case Instruction.Volume v -> {
                List<String> paths = v.paths().stream().map(ex::word).toList();
                if (c.volumes == null) {
                    c.volumes = new TreeMap<>();
                }
                for (String p : paths) {
                    if (p.isBlank()) {
                        throw v.origin().error("VOLUME specified can not be an empty string");
                    }
                    c.volumes.put(p, Map.of());
                }
                yield "VOLUME " + HistoryText.plainList(paths);
            }
            case Instruction.StopSignal ss -> {
                c.stopSignal = Signals.check(ss.origin(), ex.word(ss.signal()));
                yield "STOPSIGNAL " + c.stopSignal;
            }
            case Instruction.Cmd cmd -> {
                c.cmd = cmd.command().argv(c.shellOrDefault());
                s.cmdSet = true;
                yield "CMD " + HistoryText.quotedList(c.cmd);
            }
            case Instruction.Entrypoint ep -> {
                List<String> argv = ep.command().argv(c.shellOrDefault());
                c.entrypoint = argv.isEmpty() ? null : argv;
                if (!s.cmdSet) {
                    c.cmd = null; // docker: a new ENTRYPOINT drops the CMD inherited from the base
                }
                yield "ENTRYPOINT " + HistoryText.quotedList(argv);
            }
            case Instruction.Shell sh -> {
                c.shell = sh.shell();
                yield "SHELL " + HistoryText.plainList(sh.shell());
            }
            case Instruction.Healthcheck h -> {
                c.healthcheck = health(h);
                yield "HEALTHCHECK " + HistoryText.healthcheck(c.healthcheck);
            }
            case Instruction.OnBuild o -> {
                List<String> triggers = new ArrayList<>(c.onBuild == null ? List.of() : c.onBuild);
                triggers.add(o.expression());
                c.onBuild = triggers;
                yield "ONBUILD " + o.expression();
            }
            case Instruction.Maintainer m -> {
                s.top.put("author", m.name());
                yield "MAINTAINER " + m.name();
            }
            default -> throw new IllegalArgumentException("not a metadata instruction: " + in.keyword());
        };
    }

    private static HealthConfig health(Instruction.Healthcheck h) {
        if (h.none()) {
            return new HealthConfig(List.of("NONE"), null, null, null, null, null);
        }
        List<String> test = new ArrayList<>();
        switch (h.command().orElseThrow()) {
            case Command.ShellForm sf -> {
                test.add("CMD-SHELL");
                test.add(sf.text());
            }
            case Command.ExecForm ef -> {
                test.add("CMD");
                test.addAll(ef.args());
            }
        }
        return new HealthConfig(test, nanos(h.interval()), nanos(h.timeout()), nanos(h.startPeriod()),
                nanos(h.startInterval()), h.retries() == 0 ? null : h.retries());
    }

    private static Long nanos(java.time.Duration d) {
        return d.isZero() ? null : d.toNanos();
    }

    /** {@code 80}, {@code 80/udp}, {@code 8000-8002/tcp} to {@code 80/tcp}-style keys. */
    private static List<String> portKeys(Origin at, String spec) {
        Matcher m = PORT.matcher(spec);
        if (!m.matches()) {
            throw at.error("invalid containerPort: " + spec);
        }
        int first = Integer.parseInt(m.group(1));
        int last = m.group(2) == null ? first : Integer.parseInt(m.group(2));
        if (first < 1 || last > 65535 || last < first) {
            throw at.error("invalid containerPort: " + spec);
        }
        String proto = m.group(3) == null ? "tcp" : m.group(3).toLowerCase(java.util.Locale.ROOT);
        List<String> keys = new ArrayList<>();
        for (int p = first; p <= last; p++) {
            keys.add(p + "/" + proto);
        }
        return keys;
    }
}
