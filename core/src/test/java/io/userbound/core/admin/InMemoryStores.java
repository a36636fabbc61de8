package io.userbound.core.admin;

/** The shared in-memory stores, wired as the admin service's ports. */
final class InMemoryStores extends io.userbound.core.testing.InMemoryStores {
    AdminPorts ports() {
        return new AdminPorts(transactions(), userStore(), profileStore(), permissionSetStore(), connectedAppStore(),
                certificateStore(), appAccessStore(), approvalStore(), loginHistoryStore(), setupAuditStore(),
                tokenStore());
    }
}
