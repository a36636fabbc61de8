package io.userbound.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pepper file: made once (owner-only), shared by every node that names it, never silently replaced. */
class SecretPepperTest {
    @TempDir
    Path dir;

    @Test
    void whenTheFileIsMissingThenCreatedOwnerOnlyAndReusedLater() throws Exception {
        Path file = dir.resolve("shared/pepper");

        byte[] first = SecretPepper.loadOrCreate(file);
        byte[] again = SecretPepper.loadOrCreate(file);

        assertThat(first).hasSize(32).isEqualTo(again);
        assertThat(Files.getPosixFilePermissions(file)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        try (var listing = Files.list(file.getParent())) {
            assertThat(listing.map(p -> p.getFileName().toString())).as("no temporary file left")
                    .containsExactly("pepper");
        }
    }

    @Test
    void whenManyNodesCreateItAtOnceThenAllGetTheSamePepper() throws Exception {
        Path file = dir.resolve("race-pepper");
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<byte[]>> peppers = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                peppers.add(pool.submit(() -> {
                    go.await();
                    return SecretPepper.loadOrCreate(file);
                }));
            }
            go.countDown();
            byte[] winner = Files.readAllBytes(waitFor(file));
            for (Future<byte[]> p : peppers) {
                assertThat(Arrays.equals(p.get(10, TimeUnit.SECONDS), winner)).isTrue();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void whenTheFileHasTheWrongLengthThenRefusedWithoutReplacingIt() throws Exception {
        Path file = dir.resolve("short");
        Files.write(file, new byte[] {1, 2, 3});

        assertThatThrownBy(() -> SecretPepper.loadOrCreate(file)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("must hold exactly 32 bytes, has 3");
        assertThat(Files.readAllBytes(file)).containsExactly(1, 2, 3);
    }

    private static Path waitFor(Path file) throws InterruptedException {
        for (int i = 0; i < 100 && !Files.exists(file); i++) {
            Thread.sleep(50);
        }
        return file;
    }
}
