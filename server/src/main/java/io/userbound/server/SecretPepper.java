package io.userbound.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;

/**
 * The server's pepper for consumer-secret hashing: 32 random bytes in a file ({@code <data>/secret-pepper} by
 * default, or {@code --secret-pepper-file}), created once with mode {@code 600} and reused on later starts. It lives
 * outside the database on purpose, so a copy of the database alone cannot check guesses of consumer secrets. Every
 * node serving one database needs the same pepper. The pepper is never logged.
 */
final class SecretPepper {
    static final String FILE = "secret-pepper";
    static final int LENGTH = 32;

    private SecretPepper() {
    }

    /**
     * Reads the pepper from {@code file}, or creates the file with a fresh pepper when it does not exist. Creation is
     * atomic (a complete temporary file is linked into place), so nodes starting together on a shared file all end
     * up with the one pepper that won.
     *
     * @throws IllegalStateException when the existing file is not {@value #LENGTH} bytes
     * @throws UncheckedIOException when the file cannot be read or created
     */
    static byte[] loadOrCreate(Path file) {
        try {
            if (!Files.exists(file)) {
                create(file);
            }
            byte[] pepper = Files.readAllBytes(file);
            if (pepper.length != LENGTH) {
                throw new IllegalStateException(file + " must hold exactly " + LENGTH + " bytes, has "
                        + pepper.length + "; restore it from a backup (consumer secrets depend on it)");
            }
            return pepper;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the secret pepper file " + file, e);
        }
    }

    private static void create(Path file) throws IOException {
        byte[] pepper = new byte[LENGTH];
        new SecureRandom().nextBytes(pepper);
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path temp = Files.createTempFile(dir, ".secret-pepper", ".tmp", ownerOnly(dir));
        try {
            Files.write(temp, pepper);
            try {
                Files.createLink(file, temp);
            } catch (FileAlreadyExistsException raced) {
                // another process made it first: use theirs
            } catch (UnsupportedOperationException noLinks) {
                try {
                    Files.move(temp, file);
                } catch (FileAlreadyExistsException raced) {
                    // another process made it first: use theirs
                }
            }
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    private static FileAttribute<?>[] ownerOnly(Path dir) {
        boolean posix = dir.getFileSystem().supportedFileAttributeViews().contains("posix");
        return posix ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rw-------"))} : new FileAttribute<?>[0];
    }
}
