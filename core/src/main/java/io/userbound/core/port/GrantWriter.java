package io.userbound.core.port;

import io.userbound.core.model.AccessTokenRecord;
import io.userbound.core.model.LoginHistoryEntry;

/**
 * Stores what a granted token request leaves behind: the token record and its success {@code LoginHistory} row,
 * together or not at all. Implementations may batch the rows of many concurrent requests into one transaction
 * (group commit); either way both rows are committed when {@link #write} returns.
 */
public interface GrantWriter {
    /**
     * @param token the issued token's record; never null
     * @param success the request's success row; never null
     * @throws StoreException when the rows could not be committed (neither was)
     * @throws DuplicateValueException when the token hash or a row id is already taken (neither was written)
     */
    void write(AccessTokenRecord token, LoginHistoryEntry success);
}
