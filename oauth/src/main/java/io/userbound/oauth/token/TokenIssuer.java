package io.userbound.oauth.token;

import io.userbound.oauth.grant.GrantDecision;
import java.time.Instant;

/**
 * Mints and stores access tokens for granted requests ({@code architecture.md} section 4 step 4). Called by
 * {@link TokenEndpoint} inside the transaction that also appends the success {@code LoginHistory} row, so a token
 * is never stored without its audit row.
 */
public interface TokenIssuer {
    /**
     * Mints a token for the decision and stores its record.
     *
     * @param decision the grant; never null
     * @param now the issue time; never null
     * @return the token and its stored record; never null
     * @throws RuntimeException when the store fails (nothing is stored then)
     */
    IssuedToken issue(GrantDecision decision, Instant now);

    /**
     * Mints a token for the decision without storing it; the caller stores the record (for example through a
     * group-commit {@link io.userbound.core.port.GrantWriter}) before the token is handed out.
     *
     * @return the token and its record, not yet stored; never null
     */
    IssuedToken mint(GrantDecision decision, Instant now);
}
