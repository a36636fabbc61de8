package io.userbound.server.records;

import io.userbound.core.EffectivePermissions;
import io.userbound.core.IdGenerator;
import io.userbound.core.RandomIdGenerator;
import io.userbound.core.SettableClock;
import io.userbound.core.model.Org;
import io.userbound.protocol.KeyPrefix;
import io.userbound.records.access.AccessSnapshots;
import io.userbound.records.catalog.ObjectCatalog;
import io.userbound.records.data.Describer;
import io.userbound.records.data.RecordService;
import io.userbound.records.meta.ObjectDefinition;
import io.userbound.records.meta.StandardObjects;
import io.userbound.records.query.QueryPlanner;
import io.userbound.records.query.QueryService;
import io.userbound.store.JdbcStore;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The record services wired as {@code server.Main} wires them, over a fresh H2 {@link JdbcStore} and a clock the test
 * moves. Each {@link #newOrg()} is an isolated org (its own objects, sharing settings, users and roles), so one
 * fixture serves many table rows.
 */
final class RecordsFixture implements AutoCloseable {
    static final Instant T0 = Instant.parse("2026-03-02T10:00:00Z");
    private static final AtomicInteger ORGS = new AtomicInteger();

    final SettableClock clock = new SettableClock(T0);
    final IdGenerator ids = new RandomIdGenerator(clock);
    final JdbcStore store;
    final ObjectCatalog catalog;
    final AccessSnapshots snapshots;
    final RecordService records;
    final Describer describer;
    final QueryService queries;

    private RecordsFixture(JdbcStore store) {
        this.store = store;
        EffectivePermissions permissions = new EffectivePermissions(store.profiles(), store.permissionSets());
        this.catalog = new ObjectCatalog(store.metadata(), clock, ObjectCatalog.DEFAULT_TTL_MILLIS);
        this.snapshots = new AccessSnapshots(permissions, store.permissionSets(), store.access(), store.roles(),
                clock, AccessSnapshots.DEFAULT_TTL_MILLIS);
        for (ObjectDefinition standard : StandardObjects.all()) {
            store.recordTables().ensure(standard);
        }
        this.records = new RecordService(catalog, store.records(), store.transactions(), ids, clock);
        this.describer = new Describer(catalog, records);
        this.queries = new QueryService(new QueryPlanner(catalog, records.rowAccess(), clock), records,
                store.records());
    }

    /** A fixture over a new H2 database in {@code dir}. */
    static RecordsFixture open(Path dir) {
        return new RecordsFixture(JdbcStore.open(JdbcStore.h2Url(dir), null, null));
    }

    /** A new org with no users; standard objects keep Salesforce's default sharing until the test sets it. */
    TestOrg newOrg() {
        Org org = new Org(ids.next(KeyPrefix.ORGANIZATION), "Org " + ORGS.incrementAndGet(), "UB1", clock.instant());
        store.orgs().insert(org);
        return new TestOrg(this, org.id());
    }

    @Override
    public void close() {
        store.close();
    }
}
