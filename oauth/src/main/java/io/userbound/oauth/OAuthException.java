package io.userbound.oauth;

import io.userbound.core.model.LoginReason;

/**
 * A refused OAuth request: the client-visible {@link OAuthError}, the typed {@link LoginReason} for the audit row,
 * and a debug detail for logs and audit that is never sent to the client.
 */
public final class OAuthException extends RuntimeException {
    private final OAuthError error;
    private final LoginReason reason;
    private final boolean basicChallenge;

    public OAuthException(OAuthError error, LoginReason reason, String debug) {
        this(error, reason, debug, false);
    }

    private OAuthException(OAuthError error, LoginReason reason, String debug, boolean basicChallenge) {
        super(debug, null, false, false);
        this.error = error;
        this.reason = reason;
        this.basicChallenge = basicChallenge;
    }

    /** What the client sees. */
    public OAuthError error() {
        return error;
    }

    /** The typed reason recorded in {@code LoginHistory}. */
    public LoginReason reason() {
        return reason;
    }

    /** The detail for logs and audit only. */
    public String debug() {
        return getMessage();
    }

    /** True when the reply must carry {@code WWW-Authenticate: Basic} (RFC 6749 section 5.2, {@code invalid_client}). */
    public boolean basicChallenge() {
        return basicChallenge;
    }

    /** A copy that asks the mapper for a {@code WWW-Authenticate: Basic} challenge. */
    public OAuthException withBasicChallenge() {
        return new OAuthException(error, reason, getMessage(), true);
    }
}
