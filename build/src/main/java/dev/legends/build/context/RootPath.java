package dev.legends.build.context;

import dev.legends.core.LegendsException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Paths inside a root directory that symlinks cannot leave: each component is looked at, a
 * symlink is followed as if the root were {@code /} (an absolute target starts again at the root,
 * {@code ..} stops at the root). This is how a build writes into an image's rootfs, where
 * {@code /bin -> usr/bin} must work and {@code /x -> /../../etc} must not reach the host.
 */
public final class RootPath {
    private static final int MAX_LINKS = 255;

    private RootPath() {}

    /** {@code path} (absolute or not, it makes no difference) resolved inside {@code root}. */
    public static Path resolve(Path root, String path) {
        Deque<String> todo = new ArrayDeque<>(List.of(path.split("/")));
        List<String> done = new ArrayList<>();
        int links = 0;
        while (!todo.isEmpty()) {
            String c = todo.pollFirst();
            if (c.isEmpty() || c.equals(".")) {
                continue;
            }
            if (c.equals("..")) {
                if (!done.isEmpty()) {
                    done.removeLast();
                }
                continue;
            }
            Path candidate = join(root, done).resolve(c);
            if (!Files.isSymbolicLink(candidate)) {
                done.add(c);
                continue;
            }
            if (++links > MAX_LINKS) {
                throw LegendsException.invalid("too many levels of symbolic links: " + path);
            }
            String target;
            try {
                target = Files.readSymbolicLink(candidate).toString();
            } catch (IOException e) {
                throw LegendsException.internal("read link " + candidate + ": " + e.getMessage(), e);
            }
            if (target.startsWith("/")) {
                done.clear();
            }
            String[] parts = target.split("/");
            for (int i = parts.length - 1; i >= 0; i--) {
                todo.addFirst(parts[i]);
            }
        }
        return join(root, done);
    }

    /** The {@code /}-separated path of {@code p} under {@code root} ({@code ""} for the root). */
    public static String relative(Path root, Path p) {
        return root.relativize(p).toString();
    }

    static boolean isDirectory(Path p) {
        return Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS);
    }

    private static Path join(Path root, List<String> parts) {
        Path p = root;
        for (String s : parts) {
            p = p.resolve(s);
        }
        return p;
    }
}
