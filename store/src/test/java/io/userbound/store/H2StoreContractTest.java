package io.userbound.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** The store contract on the embedded default: an H2 file database in a fresh temporary directory. */
final class H2StoreContractTest extends StoreContractTest {
    private Path dir;

    @Override
    JdbcStore openStore() {
        try {
            if (dir == null) {
                dir = Files.createTempDirectory("userbound-h2-");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return JdbcStore.open(JdbcStore.h2Url(dir), null, null, 16);
    }

    @Override
    String expectedProduct() {
        return "H2";
    }

    @Override
    void dropDatabase() {
        if (dir == null) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
