package io.userbound.oauth.grant;

import io.userbound.core.model.LoginReason;
import io.userbound.core.port.UsedJti;
import io.userbound.oauth.OAuthError;
import io.userbound.oauth.OAuthException;

/**
 * The assertion id a granted request uses up (RFC 7523 section 3, item 7), and the refusal owed when it turns out to
 * be used already. A grant handler decides everything else; {@link TokenEndpoint} marks the {@code jti} in the same
 * commit as the token and its success row (through the {@link io.userbound.core.port.GrantWriter}), so a grant that
 * fails to be written never burns it. Immutable.
 */
public final class JtiUse {
    private final UsedJti mark;
    private final OAuthError error;
    private final String debug;

    /**
     * @param error what the client sees when the {@code jti} was already used
     * @param debug the audit row's detail then
     */
    public JtiUse(UsedJti mark, OAuthError error, String debug) {
        this.mark = mark;
        this.error = error;
        this.debug = debug;
    }

    /** The row that marks the {@code jti} used. */
    public UsedJti mark() {
        return mark;
    }

    /** The refusal of a replay: {@link LoginReason#JTI_REPLAYED}, never written by the grant. */
    public OAuthException refusal() {
        return new OAuthException(error, LoginReason.JTI_REPLAYED, debug);
    }
}
