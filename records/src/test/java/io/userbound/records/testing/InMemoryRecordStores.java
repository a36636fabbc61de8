package io.userbound.records.testing;

import io.userbound.core.testing.InMemoryStores;
import io.userbound.core.testing.InMemoryTransactions;
import io.userbound.records.meta.ObjectDefinition;
import io.userbound.records.port.CustomFieldRow;
import io.userbound.records.port.FieldPermissionRow;
import io.userbound.records.port.ObjectPermissionRow;
import io.userbound.records.port.ObjectRow;
import io.userbound.records.port.RecordTables;
import io.userbound.records.port.Role;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The core in-memory database ({@link InMemoryStores}) plus the tables of the records ports: object and field
 * metadata, tracked fields, object and field permissions, roles and users' roles. The same transactions undo their
 * writes. Record-table DDL ({@link RecordTables#ensure}) is only recorded.
 */
public class InMemoryRecordStores extends InMemoryStores {
    public final List<ObjectRow> objects = InMemoryTransactions.rows();
    public final List<CustomFieldRow> fields = InMemoryTransactions.rows();
    /** Tracked fields as {@code orgId:object.field}, lower case. */
    public final Set<String> tracked = Collections.synchronizedSet(new LinkedHashSet<>());
    /** Object permissions by {@code parentId:object}. */
    public final Map<String, ObjectPermissionRow> objectPermissions = InMemoryTransactions.table();
    /** Field permissions by {@code parentId:object.field}. */
    public final Map<String, FieldPermissionRow> fieldPermissions = InMemoryTransactions.table();
    public final Map<String, Role> roles = InMemoryTransactions.table();
    /** Role id by user id. */
    public final Map<String, String> userRoles = InMemoryTransactions.table();
    /** Every definition passed to {@link RecordTables#ensure}, in order (not undone by a rollback). */
    public final List<ObjectDefinition> ensured = InMemoryTransactions.rows();
    /** How many object and field rows existed at each {@link RecordTables#ensure} call. */
    public final List<Integer> rowsAtEnsure = InMemoryTransactions.rows();

    private final InMemoryMetadataStore metadataStore = new InMemoryMetadataStore(this);
    private final InMemoryAccessStore accessStore = new InMemoryAccessStore(this);
    private final InMemoryRoleStore roleStore = new InMemoryRoleStore(this);

    public InMemoryMetadataStore metadata() {
        return metadataStore;
    }

    public InMemoryAccessStore accessStore() {
        return accessStore;
    }

    public InMemoryRoleStore roleStore() {
        return roleStore;
    }

    /** Record tables that only record what they were asked to ensure ({@link #ensured}, {@link #rowsAtEnsure}). */
    public RecordTables recordTables() {
        return object -> {
            ensured.add(object);
            rowsAtEnsure.add(objects.size() + fields.size());
        };
    }
}
