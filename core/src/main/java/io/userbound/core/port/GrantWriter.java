package io.userbound.core.port;

import io.userbound.core.model.AccessTokenRecord;
import io.userbound.core.model.LoginHistoryEntry;

/**
 * Stores what a granted token request leaves behind: the token record, its success {@code LoginHistory} row and,
 * when the grant used an assertion, the mark of its {@code jti} (RFC 7523 section 3), all together or not at all.
 * Implementations may batch the rows of many concurrent requests into one transaction (group commit); either way
 * the rows are committed when {@link #write} returns. Single use holds as with {@link ReplayGuard#firstUse}: of any
 * number of concurrent writes naming the same {@code (appId, jti)}, across threads and nodes, at most one succeeds.
 */
public interface GrantWriter {
    /**
     * @param token the issued token's record; never null
     * @param success the request's success row; never null
     * @param jti the assertion id the grant uses up; null when the grant used none
     * @return true when every row was committed; false when {@code jti} was already used (then nothing was written)
     * @throws StoreException when the rows could not be committed (none was)
     * @throws DuplicateValueException when the token hash or a row id is already taken (nothing was written)
     */
    boolean write(AccessTokenRecord token, LoginHistoryEntry success, UsedJti jti);

    /**
     * A grant without an assertion id: {@link #write(AccessTokenRecord, LoginHistoryEntry, UsedJti)} with none.
     *
     * @throws StoreException when the rows could not be committed (neither was)
     * @throws DuplicateValueException when the token hash or a row id is already taken (neither was written)
     */
    default void write(AccessTokenRecord token, LoginHistoryEntry success) {
        write(token, success, null);
    }
}
