package io.userbound.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.userbound.core.model.User;
import io.userbound.core.model.UserType;
import io.userbound.core.port.DuplicateValueException;
import io.userbound.records.testing.InMemoryRecordStores;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The kit re-exports the in-memory ports of core and records, for unit tests without a server. */
class InMemoryPortsTest {
    final InMemoryRecordStores db = new InMemoryRecordStores();
    final Instant now = Instant.parse("2026-01-01T00:00:00Z");

    User user(String id, String username) {
        return new User(id, "00D000000000001", username, "Ada", "Lovelace", username, UserType.STANDARD, true,
                "00e000000000001", now, now);
    }

    @Test
    void whenAWriteInATransactionFailsThenNothingIsLeftBehind() {
        db.userStore().insert(user("005000000000001", "ada@example.com"));

        assertThatThrownBy(() -> db.transactions().inTransaction(() -> {
            db.userStore().insert(user("005000000000002", "bob@example.com"));
            db.userStore().insert(user("005000000000003", "ADA@example.com"));
            return null;
        })).isInstanceOf(DuplicateValueException.class);

        assertThat(db.users).containsOnlyKeys("005000000000001");
        assertThat(db.roleStore().setRole("005000000000001", null)).isTrue();
    }
}
