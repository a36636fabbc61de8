package io.userbound.records.admin;

/** The shared in-memory stores, wired as the ports {@link RecordsAdmin} uses. */
final class InMemoryRecordStores extends io.userbound.records.testing.InMemoryRecordStores {
    RecordsAdminPorts ports() {
        return new RecordsAdminPorts(transactions(), metadata(), recordTables(), accessStore(), roleStore(),
                userStore(), permissionSetStore(), connectedAppStore(), setupAuditStore());
    }
}
