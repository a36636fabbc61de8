package io.userbound.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.userbound.core.port.StoreException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Opening, readiness and closing of the store, and the default H2 URL. */
final class JdbcStoreTest {
    @TempDir
    Path dir;

    @Test
    void whenH2UrlBuiltThenItIsAFileDatabaseInTheDataDirectory() {
        String url = JdbcStore.h2Url(dir);
        assertThat(url).startsWith("jdbc:h2:file:" + dir.toAbsolutePath().resolve("userbound"))
                .contains(";DB_CLOSE_ON_EXIT=FALSE");
    }

    @Test
    void whenOpenedOnH2ThenTheFileIsCreatedAndTheStoreIsReadyUntilClosed() {
        JdbcStore store = JdbcStore.open(JdbcStore.h2Url(dir), null, null);
        try {
            assertThat(Files.exists(dir.resolve("userbound.mv.db"))).isTrue();
            assertThat(store.databaseProductName()).isEqualTo("H2");
            assertThat(store.isReady()).isTrue();
        } finally {
            store.close();
        }
        assertThat(store.isReady()).isFalse();
        store.close(); // idempotent
    }

    @Test
    void whenReopenedThenDataSurvives() {
        String url = JdbcStore.h2Url(dir);
        var org = TestRecords.org();
        try (JdbcStore store = JdbcStore.open(url, null, null, 2)) {
            store.orgs().insert(org);
        }
        try (JdbcStore store = JdbcStore.open(url, null, null, 2)) {
            assertThat(store.orgs().findById(org.id())).contains(org);
        }
    }

    static Stream<Arguments> badArguments() {
        return Stream.of(
                Arguments.of("null URL", null, 4),
                Arguments.of("blank URL", " ", 4),
                Arguments.of("pool of zero", "jdbc:h2:mem:x", 0));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badArguments")
    void whenArgumentsAreBadThenIllegalArgument(String name, String url, int pool) {
        assertThatThrownBy(() -> JdbcStore.open(url, null, null, pool)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void whenDataDirectoryHoldsSemicolonThenIllegalArgument() {
        assertThatThrownBy(() -> JdbcStore.h2Url(dir.resolve("a;MODE=MySQL")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void whenDatabaseUnreachableThenStoreExceptionWithoutThePassword() {
        assertThatThrownBy(() -> JdbcStore.open("jdbc:postgresql://127.0.0.1:1/none?connectTimeout=2", "u",
                "s3cret", 1))
                .isInstanceOf(StoreException.class)
                .hasMessageNotContaining("s3cret");
    }

    @Test
    void whenDatabaseRefusesTheUrlThenStoreException() {
        // a URL that H2 refuses (unknown setting) stands for any database that cannot be opened
        assertThatThrownBy(() -> JdbcStore.open(JdbcStore.h2Url(dir) + ";NO_SUCH_SETTING=1", null, null, 1))
                .isInstanceOf(StoreException.class);
    }
}
