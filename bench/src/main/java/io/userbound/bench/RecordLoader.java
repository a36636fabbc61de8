package io.userbound.bench;

import static io.userbound.bench.RecordDataset.*;

import io.userbound.core.RandomIdGenerator;
import io.userbound.core.SettableClock;
import io.userbound.core.model.PermissionSet;
import io.userbound.core.model.PermissionSetAssignment;
import io.userbound.core.model.Profile;
import io.userbound.core.model.SystemPermission;
import io.userbound.core.model.User;
import io.userbound.core.model.UserType;
import io.userbound.protocol.KeyPrefix;
import io.userbound.records.meta.FieldDefinition;
import io.userbound.records.meta.ObjectDefinition;
import io.userbound.records.meta.SharingModel;
import io.userbound.records.meta.StandardObjects;
import io.userbound.records.port.FieldAccess;
import io.userbound.records.port.FieldPermissionRow;
import io.userbound.records.port.ObjectAccess;
import io.userbound.records.port.ObjectPermissionRow;
import io.userbound.records.port.ObjectRow;
import io.userbound.records.port.Role;
import io.userbound.server.RunningServer;
import io.userbound.store.JdbcStore;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;

/** One load into a freshly bootstrapped server's store. */
final class RecordLoader {
    private final RunningServer server;
    private final JdbcStore store;
    private final Spec spec;
    private final String orgId;
    private final Instant now = Instant.now();
    private final RandomIdGenerator ids = new RandomIdGenerator(Clock.systemUTC());
    private final Random random = new Random(4);

    RecordLoader(RunningServer server, Spec spec) {
        this.server = server;
        this.store = server.store();
        this.spec = spec;
        this.orgId = server.bootstrapResult().orgId();
    }

    Manifest load(long t0) throws Exception {
        ObjectDefinition account = StandardObjects.account();
        store.metadata().insertObject(new ObjectRow(ids.next(KeyPrefix.CUSTOM_OBJECT), orgId, account.name(),
                account.label(), account.pluralLabel(), account.keyPrefix(), false, SharingModel.PRIVATE,
                account.table(), now, now));
        String psId = permissionSet(account);
        List<String> roleIds = store.transactions().inTransaction(this::roles);
        List<String> userIds = store.transactions().inTransaction(() -> users(psId, roleIds));
        long t1 = System.nanoTime();
        System.out.printf("metadata, %d roles, %d users: %.1f s%n", roleIds.size(), userIds.size(),
                (t1 - t0) / 1e9);
        String[] accountIds = accounts(account, userIds);
        long t2 = System.nanoTime();
        System.out.printf("%d Account rows: %.1f s (%.0f rows/s)%n", spec.rows(), (t2 - t1) / 1e9,
                spec.rows() / ((t2 - t1) / 1e9));
        shares(accountIds, userIds, roleIds);
        analyze();
        double seconds = (System.nanoTime() - t0) / 1e9;
        System.out.printf("%d shares and ANALYZE: %.1f s; total %.1f s%n", spec.shares(),
                (System.nanoTime() - t2) / 1e9, seconds);
        int lead0 = FIRST_LEAD_USER;
        return new Manifest(server.dataDir(), spec, orgId, psId, userIds.get(lead0), username(lead0),
                roleIds.get(1 + REGIONS + LEADS), seconds);
    }

    /** API enabled, read on Account and on each of its non-system fields. */
    private String permissionSet(ObjectDefinition account) {
        String psId = ids.next(KeyPrefix.PERMISSION_SET);
        store.permissionSets().insert(new PermissionSet(psId, orgId, PERMISSION_SET, "Bench records",
                EnumSet.of(SystemPermission.API_ENABLED), now));
        store.access().saveObjectPermission(new ObjectPermissionRow(ids.next(KeyPrefix.OBJECT_PERMISSIONS), orgId,
                psId, account.key(), new ObjectAccess(true, false, false, false, false, false)));
        for (FieldDefinition f : account.fields()) {
            if (f.kind() == FieldDefinition.Kind.DATA) {
                store.access().saveFieldPermission(new FieldPermissionRow(ids.next(KeyPrefix.FIELD_PERMISSIONS),
                        orgId, psId, account.key(), f.key(), FieldAccess.READ));
            }
        }
        return psId;
    }

    /** Root, regions, leads, then the team below each lead: ids in that order. */
    private List<String> roles() {
        List<String> out = new ArrayList<>();
        String root = role("CEO", null);
        out.add(root);
        for (int r = 0; r < REGIONS; r++) {
            out.add(role("Region " + r, root));
        }
        for (int l = 0; l < LEADS; l++) {
            out.add(role("Lead " + l, out.get(1 + l / LEADS_PER_REGION)));
        }
        for (int l = 0; l < LEADS; l++) {
            out.add(role("Team " + l, out.get(1 + REGIONS + l)));
        }
        return out;
    }

    private String role(String name, String parent) {
        String id = ids.next(KeyPrefix.USER_ROLE);
        store.roles().insert(new Role(id, orgId, name, parent, now));
        return id;
    }

    private List<String> users(String psId, List<String> roleIds) {
        String profileId = store.profiles().findByName(orgId, Profile.STANDARD_USER).orElseThrow().id();
        List<String> out = new ArrayList<>();
        int firstTeamRole = 1 + REGIONS + LEADS;
        for (int i = 0; i < spec.users(); i++) {
            String id = ids.next(KeyPrefix.USER);
            store.users().insert(new User(id, orgId, username(i), "Bench", "User " + i, username(i),
                    UserType.STANDARD, true, profileId, now, now));
            store.permissionSets().assign(new PermissionSetAssignment(
                    ids.next(KeyPrefix.PERMISSION_SET_ASSIGNMENT), orgId, id, psId, now));
            int role;
            if (i == 0) {
                role = 0;
            } else if (i < FIRST_LEAD_USER) {
                role = i;
            } else if (i < FIRST_TEAM_USER) {
                role = 1 + REGIONS + (i - FIRST_LEAD_USER);
            } else if (i < FIRST_TEAM_USER + TEAM0_MEMBERS) {
                role = firstTeamRole;
            } else {
                role = firstTeamRole + 1 + (i - FIRST_TEAM_USER - TEAM0_MEMBERS) % (LEADS - 1);
            }
            store.roles().setRole(id, roleIds.get(role));
            out.add(id);
        }
        return out;
    }

    private static String username(int i) {
        return "records-user-" + i + "@bench.test";
    }

    /** Batched inserts, one transaction per {@value #ROWS_PER_TRANSACTION} rows; ids sort by created date. */
    private String[] accounts(ObjectDefinition account, List<String> userIds) throws SQLException {
        List<FieldDefinition> columns = new ArrayList<>();
        for (FieldDefinition f : account.fields()) {
            if (f.kind() != FieldDefinition.Kind.CALCULATED && !f.name().equals("SystemModstamp")) {
                columns.add(f);
            }
        }
        StringBuilder sql = new StringBuilder("INSERT INTO ").append(account.table()).append(" (org_id");
        for (FieldDefinition f : columns) {
            sql.append(", ").append(f.column());
        }
        sql.append(") VALUES (?").append(", ?".repeat(columns.size())).append(')');
        String[] out = new String[spec.rows()];
        long stepMillis = SPAN_DAYS * 86_400_000L / spec.rows();
        SettableClock clock = new SettableClock(Instant.EPOCH);
        RandomIdGenerator rowIds = new RandomIdGenerator(clock);
        try (Connection c = store.dataSource().getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
                for (int i = 0; i < spec.rows(); i++) {
                    long created = FIRST_DAY.toEpochMilli() + i * stepMillis + random.nextInt((int) Math.max(1,
                            stepMillis));
                    clock.set(Instant.ofEpochMilli(created));
                    String id = rowIds.next(account.keyPrefix());
                    out[i] = id;
                    String owner = userIds.get(random.nextInt(userIds.size()));
                    ps.setString(1, orgId);
                    for (int k = 0; k < columns.size(); k++) {
                        bind(ps, k + 2, columns.get(k), i, id, owner, created);
                    }
                    ps.addBatch();
                    if ((i + 1) % BATCH == 0 || i + 1 == spec.rows()) {
                        ps.executeBatch();
                    }
                    if ((i + 1) % ROWS_PER_TRANSACTION == 0 || i + 1 == spec.rows()) {
                        c.commit();
                    }
                    if ((i + 1) % 100_000 == 0) {
                        System.out.printf("  %,d rows%n", i + 1);
                    }
                }
            }
        }
        return out;
    }

    private void bind(PreparedStatement ps, int index, FieldDefinition f, int row, String id, String owner,
            long created) throws SQLException {
        int pick = random.nextInt(1 << 20);
        Object value = switch (f.name()) {
            case "Id" -> id;
            case "OwnerId", "CreatedById", "LastModifiedById" -> owner;
            case "IsDeleted" -> Boolean.FALSE;
            case "CreatedDate" -> created;
            case "LastModifiedDate" -> created + pick * 1000L;
            case "Name" -> ADJECTIVES[pick % ADJECTIVES.length] + " " + NOUNS[(pick >> 5) % NOUNS.length] + " "
                    + SUFFIXES[(pick >> 9) % SUFFIXES.length] + " " + row;
            case "AccountNumber" -> String.format(Locale.ROOT, "AC-%08d", row);
            case "Site" -> (pick & 1) == 0 ? "Headquarters" : "Branch " + (pick % 50);
            case "Type" -> TYPES[pick % TYPES.length];
            case "Industry" -> INDUSTRIES[(pick >> 3) % INDUSTRIES.length];
            case "Rating" -> RATINGS[pick % RATINGS.length];
            case "AnnualRevenue" -> BigDecimal.valueOf(100_000L + (long) pick * 977);
            case "NumberOfEmployees" -> BigDecimal.valueOf(1 + pick % 50_000);
            case "Phone" -> String.format(Locale.ROOT, "+1 555 %07d", pick % 10_000_000);
            case "Website" -> "https://www.example-" + row + ".com";
            case "BillingCity" -> CITIES[(pick >> 4) % CITIES.length];
            case "BillingCountry" -> COUNTRIES[(pick >> 4) % CITIES.length];
            case "Description" -> (pick & 7) == 0 ? "Key account since " + (2000 + pick % 24) : null;
            default -> null;
        };
        if (value == null) {
            ps.setNull(index, Types.NULL);
        } else {
            ps.setObject(index, value);
        }
    }

    /** Manual shares (Read or Edit) of random accounts to random users (90%) and roles (10%). */
    private void shares(String[] accountIds, List<String> userIds, List<String> roleIds) throws SQLException {
        Set<String> seen = new HashSet<>();
        try (Connection c = store.dataSource().getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO record_shares (id, org_id, "
                    + "object_name_lower, parent_id, user_or_group_id, access_level, row_cause, "
                    + "last_modified_by_id, last_modified_date) VALUES (?, ?, 'account', ?, ?, ?, 'Manual', ?, ?)"
            )) {
                int n = 0;
                while (n < spec.shares()) {
                    String parent = accountIds[random.nextInt(accountIds.length)];
                    String principal = random.nextInt(10) == 0 ? roleIds.get(random.nextInt(roleIds.size()))
                            : userIds.get(random.nextInt(userIds.size()));
                    if (!seen.add(parent + principal)) {
                        continue;
                    }
                    ps.setString(1, ids.next("00r"));
                    ps.setString(2, orgId);
                    ps.setString(3, parent);
                    ps.setString(4, principal);
                    ps.setString(5, random.nextBoolean() ? "Read" : "Edit");
                    ps.setString(6, server.bootstrapResult().adminUserId());
                    ps.setLong(7, now.toEpochMilli());
                    ps.addBatch();
                    n++;
                    if (n % BATCH == 0 || n == spec.shares()) {
                        ps.executeBatch();
                        c.commit();
                    }
                }
            }
        }
    }

    /** Fresh selectivity figures for H2's optimizer. */
    private void analyze() throws SQLException {
        try (Connection c = store.dataSource().getConnection(); Statement s = c.createStatement()) {
            s.execute("ANALYZE");
        }
    }
}
