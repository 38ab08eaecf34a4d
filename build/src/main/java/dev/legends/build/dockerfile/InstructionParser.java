package dev.legends.build.dockerfile;

import dev.legends.build.dockerfile.Command.ExecForm;
import dev.legends.build.dockerfile.Command.ShellForm;
import dev.legends.build.dockerfile.Flags.Kind;
import dev.legends.build.dockerfile.Instruction.ArgDecl;
import dev.legends.build.dockerfile.Instruction.KeyValue;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/** One logical line to one {@link Instruction}, with buildkit's argument rules and messages. */
final class InstructionParser {
    private static final Pattern STAGE_NAME = Pattern.compile("^[a-z][a-z0-9-_.]*$");
    private static final Duration MIN_INTERVAL = Duration.ofMillis(1);

    private final String file;
    private final char escape;

    InstructionParser(String file, char escape) {
        this.file = file;
        this.escape = escape;
    }

    Instruction parse(int line, String text) {
        Origin at = new Origin(file, line, text.strip());
        String trimmed = text.strip();
        String[] parts = trimmed.split("[\\t\\u000B\\f\\r ]+", 2);
        String keyword = parts[0].toLowerCase(Locale.ROOT);
        Flags.Split split = Flags.split(parts.length > 1 ? parts[1] : "");
        String rest = split.rest();
        List<String> flagWords = split.flags();
        return switch (keyword) {
            case "from" -> from(at, flagWords, rest);
            case "run" -> run(at, flagWords, rest);
            case "copy" -> copy(at, flagWords, rest);
            case "add" -> add(at, flagWords, rest);
            case "env" -> new Instruction.Env(at, keyValues(at, noFlags(at, flagWords, rest), "ENV"));
            case "label" -> new Instruction.Label(at, keyValues(at, noFlags(at, flagWords, rest), "LABEL"));
            case "arg" -> arg(at, noFlags(at, flagWords, rest));
            case "workdir" -> new Instruction.Workdir(at, exactlyOne(at, noFlags(at, flagWords, rest), "WORKDIR"));
            case "user" -> new Instruction.User(at, exactlyOne(at, noFlags(at, flagWords, rest), "USER"));
            case "stopsignal" -> new Instruction.StopSignal(at, exactlyOne(at, noFlags(at, flagWords, rest), "STOPSIGNAL"));
            case "maintainer" -> new Instruction.Maintainer(at, exactlyOne(at, noFlags(at, flagWords, rest), "MAINTAINER"));
            case "expose" -> new Instruction.Expose(at, atLeastOne(at, Words.whitespace(noFlags(at, flagWords, rest)), "EXPOSE"));
            case "cmd" -> new Instruction.Cmd(at, command(at, noFlags(at, flagWords, rest)));
            case "entrypoint" -> new Instruction.Entrypoint(at, command(at, noFlags(at, flagWords, rest)));
            case "shell" -> shell(at, noFlags(at, flagWords, rest));
            case "volume" -> volume(at, noFlags(at, flagWords, rest));
            case "healthcheck" -> healthcheck(at, flagWords, rest);
            case "onbuild" -> onBuild(at, noFlags(at, flagWords, rest));
            default -> throw at.error("unknown instruction: " + parts[0].toUpperCase(Locale.ROOT));
        };
    }

    private Instruction from(Origin at, List<String> flagWords, String rest) {
        Flags flags = Flags.parse(flagWords, Map.of("platform", Kind.STRING), at);
        List<String> args = Words.whitespace(rest);
        Optional<String> name = Optional.empty();
        if (args.size() == 3 && args.get(1).equalsIgnoreCase("as")) {
            String lower = args.get(2).toLowerCase(Locale.ROOT);
            if (!STAGE_NAME.matcher(lower).matches()) {
                throw at.error("invalid name for build stage: \"" + args.get(2)
                        + "\", name can't start with a number or contain symbols");
            }
            name = Optional.of(lower);
        } else if (args.size() != 1) {
            throw at.error("FROM requires either one or three arguments");
        }
        return new Instruction.From(at, args.getFirst(), name, flags.string("platform"));
    }

    private Instruction run(Origin at, List<String> flagWords, String rest) {
        Flags flags = Flags.parse(flagWords,
                Map.of("mount", Kind.STRINGS, "network", Kind.STRING, "security", Kind.STRING), at);
        if (rest.isBlank()) {
            throw at.error("RUN requires at least one argument");
        }
        return new Instruction.Run(at, command(at, rest), flags.strings("mount"), flags.string("network"),
                flags.string("security"));
    }

    private Instruction copy(Origin at, List<String> flagWords, String rest) {
        Flags flags = Flags.parse(flagWords, Map.of("from", Kind.STRING, "chown", Kind.STRING,
                "chmod", Kind.STRING, "link", Kind.BOOL), at);
        List<String> args = sourcesAndDest(at, rest, "COPY");
        return new Instruction.Copy(at, args.subList(0, args.size() - 1), args.getLast(), flags.string("from"),
                flags.string("chown"), flags.string("chmod"), flags.bool("link"));
    }

    private Instruction add(Origin at, List<String> flagWords, String rest) {
        Flags flags = Flags.parse(flagWords, Map.of("chown", Kind.STRING, "chmod", Kind.STRING,
                "link", Kind.BOOL, "checksum", Kind.STRING, "keep-git-dir", Kind.BOOL), at);
        List<String> args = sourcesAndDest(at, rest, "ADD");
        return new Instruction.Add(at, args.subList(0, args.size() - 1), args.getLast(), flags.string("chown"),
                flags.string("chmod"), flags.bool("link"), flags.string("checksum"));
    }

    private static List<String> sourcesAndDest(Origin at, String rest, String keyword) {
        List<String> args = Words.jsonArray(rest, at).orElseGet(() -> Words.whitespace(rest));
        if (args.size() < 2) {
            throw at.error(keyword + " requires at least two arguments, but only one was provided. "
                    + "Destination could not be determined");
        }
        return args;
    }

    /** ENV and LABEL: {@code k=v k2="v 2"}, or the legacy {@code k value with spaces}. */
    private List<KeyValue> keyValues(Origin at, String rest, String keyword) {
        List<String> words = Words.quoted(rest, escape);
        if (words.isEmpty()) {
            throw at.error(keyword + " requires at least one argument");
        }
        if (!words.getFirst().contains("=")) {
            String[] legacy = rest.strip().split("[\\t\\u000B\\f\\r ]+", 2);
            if (legacy.length < 2) {
                throw at.error(keyword + " must have two arguments");
            }
            return List.of(new KeyValue(legacy[0], legacy[1]));
        }
        List<KeyValue> pairs = new ArrayList<>();
        for (String w : words) {
            int eq = w.indexOf('=');
            if (eq < 0) {
                throw at.error("Syntax error - can't find = in \"" + w + "\". Must be of the form: name=value");
            }
            if (eq == 0) {
                throw at.error(keyword + " names can not be blank");
            }
            pairs.add(new KeyValue(w.substring(0, eq), w.substring(eq + 1)));
        }
        return pairs;
    }

    private Instruction arg(Origin at, String rest) {
        List<String> words = Words.quoted(rest, escape);
        if (words.isEmpty()) {
            throw at.error("ARG requires at least one argument");
        }
        List<ArgDecl> args = new ArrayList<>();
        for (String w : words) {
            int eq = w.indexOf('=');
            if (eq == 0) {
                throw at.error("ARG names can not be blank");
            }
            args.add(eq < 0 ? new ArgDecl(w, Optional.empty()) : new ArgDecl(w.substring(0, eq), Optional.of(w.substring(eq + 1))));
        }
        return new Instruction.Arg(at, args);
    }

    private Command command(Origin at, String rest) {
        Optional<List<String>> json = Words.jsonArray(rest, at);
        return json.<Command>map(ExecForm::new).orElseGet(() -> rest.isBlank() ? new ExecForm(List.of()) : new ShellForm(rest.strip()));
    }

    private Instruction shell(Origin at, String rest) {
        List<String> json = Words.jsonArray(rest, at).orElseThrow(() -> rest.isBlank()
                ? at.error("SHELL requires at least one argument")
                : at.error("SHELL requires the arguments to be in JSON form"));
        if (json.isEmpty()) {
            throw at.error("SHELL requires at least one argument");
        }
        return new Instruction.Shell(at, json);
    }

    private Instruction volume(Origin at, String rest) {
        List<String> paths = atLeastOne(at, Words.jsonArray(rest, at).orElseGet(() -> Words.whitespace(rest)), "VOLUME");
        for (String p : paths) {
            if (p.isBlank()) {
                throw at.error("VOLUME specified can not be an empty string");
            }
        }
        return new Instruction.Volume(at, paths.stream().map(String::strip).toList());
    }

    private Instruction healthcheck(Origin at, List<String> flagWords, String rest) {
        String[] parts = rest.strip().split("[\\t\\u000B\\f\\r ]+", 2);
        String type = parts[0].toUpperCase(Locale.ROOT);
        String cmd = parts.length > 1 ? parts[1] : "";
        if (type.isEmpty()) {
            throw at.error("HEALTHCHECK requires at least one argument");
        }
        if (type.equals("NONE")) {
            if (!cmd.isBlank()) {
                throw at.error("HEALTHCHECK NONE takes no arguments");
            }
            Flags.parse(flagWords, Map.of(), at);
            return new Instruction.Healthcheck(at, Optional.empty(), Duration.ZERO, Duration.ZERO, Duration.ZERO, Duration.ZERO, 0);
        }
        Flags flags = Flags.parse(flagWords, Map.of("interval", Kind.STRING, "timeout", Kind.STRING,
                "start-period", Kind.STRING, "start-interval", Kind.STRING, "retries", Kind.STRING), at);
        if (!type.equals("CMD")) {
            throw at.error("Unknown type \"" + type + "\" in HEALTHCHECK (try CMD)");
        }
        Command command = command(at, cmd);
        if (command instanceof ExecForm e && e.args().isEmpty()) {
            throw at.error("Missing command after HEALTHCHECK CMD");
        }
        int retries = 0;
        Optional<String> r = flags.string("retries");
        if (r.isPresent()) {
            try {
                retries = Integer.parseInt(r.get());
            } catch (NumberFormatException e) {
                throw at.error("strconv.ParseInt: parsing \"" + r.get() + "\": invalid syntax");
            }
            if (retries < 0) {
                throw at.error("--retries cannot be negative (" + retries + ")");
            }
        }
        return new Instruction.Healthcheck(at, Optional.of(command), interval(at, flags, "interval"),
                interval(at, flags, "timeout"), interval(at, flags, "start-period"),
                interval(at, flags, "start-interval"), retries);
    }

    private static Duration interval(Origin at, Flags flags, String name) {
        Optional<String> v = flags.string(name);
        if (v.isEmpty() || v.get().isEmpty()) {
            return Duration.ZERO;
        }
        Duration d;
        try {
            d = GoDuration.parse(v.get());
        } catch (IllegalArgumentException e) {
            throw at.error(e.getMessage());
        }
        if (!d.isZero() && d.compareTo(MIN_INTERVAL) < 0) {
            throw at.error("Interval \"" + name + "\" cannot be less than 1ms");
        }
        return d;
    }

    private Instruction onBuild(Origin at, String rest) {
        if (rest.isBlank()) {
            throw at.error("ONBUILD requires at least one argument");
        }
        String trigger = rest.strip().split("[\\t\\u000B\\f\\r ]+", 2)[0].toUpperCase(Locale.ROOT);
        switch (trigger) {
            case "ONBUILD" -> throw at.error("Chaining ONBUILD via `ONBUILD ONBUILD` isn't allowed");
            case "FROM", "MAINTAINER" -> throw at.error(trigger + " isn't allowed as an ONBUILD trigger");
            default -> { }
        }
        Instruction parsed = parse(at.line(), rest);
        return new Instruction.OnBuild(at, rest.strip(), parsed);
    }

    /** Instructions that take no flags still see them split off, and refuse them. */
    private static String noFlags(Origin at, List<String> flagWords, String rest) {
        Flags.parse(flagWords, Map.of(), at);
        return rest;
    }

    private static String exactlyOne(Origin at, String rest, String keyword) {
        if (rest.isBlank()) {
            throw at.error(keyword + " requires exactly one argument");
        }
        return rest.strip();
    }

    private static List<String> atLeastOne(Origin at, List<String> args, String keyword) {
        if (args.isEmpty()) {
            throw at.error(keyword + " requires at least one argument");
        }
        return args;
    }
}
