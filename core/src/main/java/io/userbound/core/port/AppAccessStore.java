package io.userbound.core.port;

import io.userbound.core.model.AppAccessGrant;
import java.util.List;
import java.util.Optional;

/** Grants of connected apps to profiles and permission sets (Salesforce's {@code SetupEntityAccess}). */
public interface AppAccessStore {
    /** @throws DuplicateValueException ({@code ParentId}) when the parent already grants the app */
    void grant(AppAccessGrant grant);

    /** @return true when a grant was removed */
    boolean revoke(String grantId);

    Optional<AppAccessGrant> findById(String grantId);

    List<AppAccessGrant> listForApp(String appId);

    /**
     * Whether the user's profile or one of the user's permission sets grants the app. One indexed query.
     *
     * @param profileId the user's profile id
     */
    boolean isGranted(String appId, String userId, String profileId);
}
