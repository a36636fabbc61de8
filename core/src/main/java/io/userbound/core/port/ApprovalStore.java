package io.userbound.core.port;

import io.userbound.core.model.Approval;
import java.util.Optional;

/** Users' approvals of self-authorize apps. */
public interface ApprovalStore {
    /** @throws DuplicateValueException ({@code UserId}) when the user already approved the app */
    void insert(Approval approval);

    Optional<Approval> find(String appId, String userId);

    /** @return true when an approval was removed */
    boolean delete(String appId, String userId);
}
