package io.userbound.store;

/** The store contract on PostgreSQL, in a fresh schema of the local test database. */
final class PostgresStoreContractTest extends StoreContractTest {
    private TestPostgres pg;

    @Override
    JdbcStore openStore() {
        if (pg == null) {
            pg = TestPostgres.create();
        }
        return JdbcStore.open(pg.url(), TestPostgres.USER, null, 16);
    }

    @Override
    String expectedProduct() {
        return "PostgreSQL";
    }

    @Override
    void dropDatabase() {
        if (pg != null) {
            pg.drop();
        }
    }
}
