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
 * The server's pepper for consumer-secret hashing: 32 random bytes in {@code <data>/secret-pepper}, created once with
 * mode {@code 600} and reused on later starts. It lives outside the database on purpose, so a copy of the database
 * alone cannot check guesses of consumer secrets. Every node serving one database needs the same file.
 */
final class SecretPepper {
    static final String FILE = "secret-pepper";
    static final int LENGTH = 32;

    private SecretPepper() {
    }

    /**
     * @throws IllegalStateException when the existing file is not {@value #LENGTH} bytes
     * @throws UncheckedIOException when the file cannot be read or created
     */
    static byte[] loadOrCreate(Path dataDir) {
        Path file = dataDir.resolve(FILE);
        try {
            if (!Files.exists(file)) {
                byte[] pepper = new byte[LENGTH];
                new SecureRandom().nextBytes(pepper);
                Files.createDirectories(dataDir);
                try {
                    Files.createFile(file, ownerOnly(file));
                    Files.write(file, pepper);
                    return pepper;
                } catch (FileAlreadyExistsException raced) {
                    // another process made it first: use theirs
                }
            }
            byte[] pepper = Files.readAllBytes(file);
            if (pepper.length != LENGTH) {
                throw new IllegalStateException(file + " must hold exactly " + LENGTH + " bytes, has "
                        + pepper.length + "; restore it from a backup (consumer secrets depend on it)");
            }
            return pepper;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create " + file, e);
        }
    }

    private static FileAttribute<?>[] ownerOnly(Path file) {
        boolean posix = file.getFileSystem().supportedFileAttributeViews().contains("posix");
        return posix ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rw-------"))} : new FileAttribute<?>[0];
    }
}
