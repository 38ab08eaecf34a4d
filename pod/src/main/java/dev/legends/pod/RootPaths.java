package dev.legends.pod;

import dev.legends.core.LegendsException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;

/**
 * Paths inside a container's root filesystem, resolved as the container would see them: symlinks
 * are followed, but an absolute target or a ".." never leads out of the root (an image's
 * /etc/passwd may be a link to anywhere, and the daemon reads it as root).
 */
final class RootPaths {
    private static final int MAX_LINKS = 40;

    private RootPaths() {}

    /** The host path of {@code path} inside {@code root}; missing components are allowed (and not followed). */
    static Path resolve(Path root, String path) {
        Deque<String> todo = new ArrayDeque<>(components(path));
        Deque<String> done = new ArrayDeque<>();
        int links = 0;
        while (!todo.isEmpty()) {
            String c = todo.removeFirst();
            if (c.equals("..")) {
                done.pollLast();
                continue;
            }
            done.addLast(c);
            Path host = host(root, done);
            if (Files.isSymbolicLink(host)) {
                if (++links > MAX_LINKS) {
                    throw LegendsException.invalid("too many levels of symbolic links in " + path);
                }
                String target;
                try {
                    target = Files.readSymbolicLink(host).toString();
                } catch (IOException e) {
                    throw LegendsException.unavailable("read link " + host + ": " + e.getMessage());
                }
                done.removeLast();
                if (target.startsWith("/")) {
                    done.clear();
                }
                List<String> more = components(target);
                for (int i = more.size() - 1; i >= 0; i--) {
                    todo.addFirst(more.get(i));
                }
            }
        }
        return host(root, done);
    }

    /** Creates {@code path} inside {@code root} (and its parents) as directories, like {@code mkdir -p}. */
    static void mkdirs(Path root, String path) {
        Deque<String> done = new ArrayDeque<>();
        for (String c : components(path)) {
            done.addLast(c);
            Path host = resolve(root, "/" + String.join("/", done));
            if (!Files.exists(host, LinkOption.NOFOLLOW_LINKS)) {
                try {
                    Files.createDirectory(host);
                } catch (IOException e) {
                    throw LegendsException.invalid("cannot create working directory " + path + ": " + e.getMessage());
                }
            } else if (!Files.isDirectory(host, LinkOption.NOFOLLOW_LINKS)) {
                throw LegendsException.invalid("working directory " + path + ": " + c + " is not a directory");
            }
            // continue from where links led, so the next component lands inside the root too
            done.clear();
            done.addAll(components(root.relativize(host).toString()));
        }
    }

    private static List<String> components(String path) {
        return Arrays.stream(path.split("/")).filter(s -> !s.isEmpty() && !s.equals(".")).toList();
    }

    private static Path host(Path root, Deque<String> parts) {
        Path p = root;
        for (String s : parts) {
            p = p.resolve(s);
        }
        return p;
    }
}
