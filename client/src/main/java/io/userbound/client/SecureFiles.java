package io.userbound.client;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes files so that a reader never sees a half-written one: content goes to a temporary file in the target
 * directory, which is then renamed over the target. Secret files are created readable by the owner only (mode
 * {@code 600}) where the file system is POSIX.
 */
public final class SecureFiles {

    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private SecureFiles() {
    }

    /**
     * Writes one file atomically, replacing an existing one.
     *
     * @param target the file; its parent directories are created
     * @param content UTF-8 text
     * @param ownerOnly true to create the file with mode {@code 600}
     * @throws UncheckedIOException when the file cannot be written; the target is then unchanged
     */
    public static void write(Path target, String content, boolean ownerOnly) {
        writeAll(Map.of(target, content), ownerOnly ? Set.of(target) : Set.of(), true);
    }

    /**
     * Writes several files as one unit: either all of them end up written or none is left behind.
     *
     * @param files target path to UTF-8 content
     * @param ownerOnly the targets to create with mode {@code 600}
     * @param replaceExisting false to refuse (before writing anything) when a target exists
     * @throws IllegalStateException when {@code replaceExisting} is false and a target exists
     * @throws UncheckedIOException when writing fails; files written by this call are then removed
     */
    public static void writeAll(Map<Path, String> files, Set<Path> ownerOnly, boolean replaceExisting) {
        if (!replaceExisting) {
            for (Path target : files.keySet()) {
                if (Files.exists(target)) {
                    throw new IllegalStateException(target + " already exists; refusing to overwrite it");
                }
            }
        }
        List<Path> temps = new ArrayList<>();
        List<Path> moved = new ArrayList<>();
        try {
            List<Path[]> pairs = new ArrayList<>();
            for (Map.Entry<Path, String> e : files.entrySet()) {
                Path target = e.getKey().toAbsolutePath();
                Files.createDirectories(target.getParent());
                Path temp = createTemp(target, ownerOnly.contains(e.getKey()));
                temps.add(temp);
                Files.writeString(temp, e.getValue(), StandardCharsets.UTF_8);
                pairs.add(new Path[] {temp, target});
            }
            for (Path[] pair : pairs) {
                if (!replaceExisting && Files.exists(pair[1])) {
                    throw new FileAlreadyExistsException(pair[1].toString());
                }
                move(pair[0], pair[1]);
                moved.add(pair[1]);
            }
        } catch (IOException e) {
            for (Path temp : temps) {
                deleteQuietly(temp);
            }
            if (!replaceExisting) {
                for (Path target : moved) {
                    deleteQuietly(target);
                }
            }
            if (e instanceof FileAlreadyExistsException) {
                throw new IllegalStateException(e.getMessage() + " already exists; refusing to overwrite it", e);
            }
            throw new UncheckedIOException("cannot write " + files.keySet() + ": " + e.getMessage(), e);
        }
    }

    private static Path createTemp(Path target, boolean ownerOnly) throws IOException {
        Path dir = target.getParent();
        String prefix = "." + target.getFileName() + ".";
        if (ownerOnly && dir.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            FileAttribute<Set<PosixFilePermission>> attr = PosixFilePermissions.asFileAttribute(OWNER_ONLY);
            return Files.createTempFile(dir, prefix, ".tmp", attr);
        }
        return Files.createTempFile(dir, prefix, ".tmp");
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // best effort: the original error is the one worth reporting
        }
    }
}
