package io.userbound.records.port;

/**
 * Object permissions ({@code ObjectPermissions}): what a profile or permission set allows on one object. A user's
 * access is the union over the profile and the assigned permission sets ({@link #union}).
 *
 * <p>Salesforce's dependencies hold: create, edit and delete need read, delete needs edit, view all needs read, and
 * modify all needs every other permission. {@link #normalized} applies them.
 */
public record ObjectAccess(boolean read, boolean create, boolean edit, boolean delete, boolean viewAll,
        boolean modifyAll) {

    public static final ObjectAccess NONE = new ObjectAccess(false, false, false, false, false, false);
    public static final ObjectAccess ALL = new ObjectAccess(true, true, true, true, true, true);
    /** Read, create, edit and delete: what a standard user gets on the standard objects. */
    public static final ObjectAccess CRUD = new ObjectAccess(true, true, true, true, false, false);

    public ObjectAccess union(ObjectAccess other) {
        return new ObjectAccess(read || other.read, create || other.create, edit || other.edit,
                delete || other.delete, viewAll || other.viewAll, modifyAll || other.modifyAll);
    }

    /** This access with the permissions each granted permission depends on added. */
    public ObjectAccess normalized() {
        boolean ma = modifyAll;
        boolean va = viewAll || ma;
        boolean d = delete || ma;
        boolean e = edit || d || ma;
        boolean c = create || ma;
        boolean r = read || c || e || va;
        return new ObjectAccess(r, c, e, d, va, ma);
    }

    public boolean none() {
        return !(read || create || edit || delete || viewAll || modifyAll);
    }
}
