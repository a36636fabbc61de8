package io.userbound.oauth.token;

import io.userbound.core.IdGenerator;
import io.userbound.core.model.AccessTokenRecord;
import io.userbound.core.port.TokenStore;
import io.userbound.oauth.grant.GrantDecision;
import io.userbound.protocol.KeyPrefix;
import io.userbound.protocol.SalesforceId;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;

/**
 * Opaque Salesforce-shaped tokens: {@code <15-char org id>!<18-char token id><43 chars of [A-Za-z0-9_.]>}, 256
 * random bits after the id, so the {@code sf} CLI's pattern {@code (00D\w{12,15})![.\w]*} accepts them
 * ({@code salesforce-compat.md} section 9 rule 7). Only the SHA-256 hash is stored, under the token id
 * ({@link AccessTokenHashes}); the token lives {@code app.tokenLifetime()}.
 */
public final class OpaqueTokenIssuer implements TokenIssuer {
    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

    private final TokenStore tokens;
    private final IdGenerator ids;
    private final SecureRandom random = new SecureRandom();

    public OpaqueTokenIssuer(TokenStore tokens, IdGenerator ids) {
        this.tokens = tokens;
        this.ids = ids;
    }

    @Override
    public IssuedToken issue(GrantDecision decision, Instant now) {
        IssuedToken issued = mint(decision, now);
        tokens.insert(issued.record());
        return issued;
    }

    @Override
    public IssuedToken mint(GrantDecision decision, Instant now) {
        String orgId = decision.user().orgId();
        SalesforceId org = SalesforceId.parse(orgId)
                .filter(id -> id.is(KeyPrefix.ORGANIZATION))
                .orElseThrow(() -> new IllegalStateException("user has no valid org id"));
        byte[] secret = new byte[32];
        random.nextBytes(secret);
        String id = ids.next(KeyPrefix.ACCESS_TOKEN);
        String token = AccessTokenHashes.format(org.id15(), id, BASE64URL.encodeToString(secret).replace('-', '.'));
        AccessTokenRecord record = new AccessTokenRecord(
                id,
                AccessTokenHashes.sha256Hex(token),
                org.id18(),
                decision.user().id(),
                decision.app().id(),
                decision.scopes(),
                now,
                now.plus(decision.app().tokenLifetime()),
                null,
                decision.grantType());
        return new IssuedToken(token, record);
    }
}
