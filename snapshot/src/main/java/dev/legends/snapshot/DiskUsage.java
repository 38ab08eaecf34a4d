package dev.legends.snapshot;

import dev.legends.snapshot.archive.Trees;
import dev.legends.core.LegendsException;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/** Sums a snapshot directory: content bytes and inodes, a hard-linked file counted once. */
final class DiskUsage {
    private DiskUsage() {}

    static Usage of(Path dir) {
        Set<Long> seen = new HashSet<>();
        long[] totals = new long[2];
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) {
                    totals[1]++;
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Map<String, Object> a = Files.readAttributes(file, "unix:ino,nlink", LinkOption.NOFOLLOW_LINKS);
                    if ((int) a.get("nlink") > 1 && !seen.add((Long) a.get("ino"))) {
                        return FileVisitResult.CONTINUE;
                    }
                    totals[1]++;
                    if (attrs.isRegularFile()) {
                        totals[0] += attrs.size();
                    }
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (NoSuchFileException e) {
            return new Usage(0, 0);
        } catch (IOException e) {
            throw LegendsException.internal("disk usage of " + dir + ": " + Trees.describe(e), e);
        }
        return new Usage(totals[0], totals[1]);
    }
}
