package io.userbound.store;

import io.userbound.core.model.Org;
import io.userbound.core.port.OrgStore;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

final class JdbcOrgStore implements OrgStore {
    private static final String COLUMNS = "id, name, instance_name, created_date";
    private static final String INSERT = "INSERT INTO orgs (" + COLUMNS + ") VALUES (?, ?, ?, ?)";
    private static final String BY_ID = "SELECT " + COLUMNS + " FROM orgs WHERE id = ?";
    private static final String LIST = "SELECT " + COLUMNS + " FROM orgs ORDER BY created_date, id";
    private static final String CLAIM = "INSERT INTO installation (id, org_id, created_date) VALUES (1, ?, ?)";
    /** The table name, which both databases' messages hold: H2 names a primary key by a generated index name. */
    private static final Db.Unique INSTALLATION = new Db.Unique("installation", "Installation");

    private final Db db;

    JdbcOrgStore(Db db) {
        this.db = db;
    }

    @Override
    public void insert(Org org) {
        db.write(INSERT, Params.of()
                .text(org.id()).text(org.name()).text(org.instanceName()).instant(org.createdDate()));
    }

    @Override
    public void insertInstallationOrg(Org org) {
        // the single installation row first: a node that lost the race stops here, before writing anything
        db.write(CLAIM, Params.of().text(org.id()).instant(org.createdDate()), INSTALLATION);
        insert(org);
    }

    @Override
    public Optional<Org> findById(String id) {
        return db.queryOne(BY_ID, Columns.texts(id), JdbcOrgStore::map);
    }

    @Override
    public List<Org> list() {
        return db.queryList(LIST, JdbcOrgStore::map);
    }

    private static Org map(ResultSet rs) throws SQLException {
        return new Org(rs.getString(1), rs.getString(2), rs.getString(3), Columns.instant(rs, 4));
    }
}
