package io.userbound.oauth.audit;

import io.userbound.core.model.ConnectedApp;
import io.userbound.core.model.LoginHistoryEntry;
import io.userbound.core.model.LoginReason;
import io.userbound.core.model.User;
import io.userbound.oauth.Debug;
import java.time.Instant;

/**
 * The audit state of one token request: where it came from and what the client authentication and the grant have
 * resolved so far (consumer key, app, username, user, certificate). {@link TokenEndpoint} turns it into exactly one
 * {@code LoginHistory} row when the request ends, success or failure ({@link #toEntry}, the one place such a row is
 * built). It decides nothing. Not thread-safe: one per request.
 */
public final class LoginAttempt {
    private static final int MAX_RECORDED_LENGTH = 255;

    private final RequestOrigin origin;
    private final String presentedClientId;
    private String consumerKey;
    private ConnectedApp app;
    private String username;
    private User user;
    private String certificateThumbprint;
    private String verifiedSecret;
    private String note;

    /**
     * @param origin never null
     * @param presentedClientId the client id the request named (Basic header or body), recorded when nothing better
     *     is known; may be null
     */
    public LoginAttempt(RequestOrigin origin, String presentedClientId) {
        this.origin = origin;
        this.presentedClientId = presentedClientId == null ? null : Debug.bounded(presentedClientId,
                MAX_RECORDED_LENGTH);
    }

    public RequestOrigin origin() {
        return origin;
    }

    /** The consumer key the request named (whether or not it exists), bounded for the row. */
    public LoginAttempt consumerKey(String value) {
        this.consumerKey = Debug.bounded(value, MAX_RECORDED_LENGTH);
        return this;
    }

    public LoginAttempt app(ConnectedApp value) {
        this.app = value;
        this.consumerKey = value.consumerKey();
        return this;
    }

    /** The username the request asked for (whether or not it exists), bounded for the row. */
    public LoginAttempt username(String value) {
        this.username = Debug.bounded(value, MAX_RECORDED_LENGTH);
        return this;
    }

    public LoginAttempt user(User value) {
        this.user = value;
        this.username = value.username();
        return this;
    }

    public LoginAttempt certificateThumbprint(String value) {
        this.certificateThumbprint = value;
        return this;
    }

    public String consumerKey() {
        return consumerKey;
    }

    /** Null until resolved. */
    public ConnectedApp app() {
        return app;
    }

    public String username() {
        return username;
    }

    /** Null until resolved. */
    public User user() {
        return user;
    }

    public String certificateThumbprint() {
        return certificateThumbprint;
    }

    /**
     * Records the consumer secret the request presented once it has been verified against the app, so the success
     * reply can carry Salesforce's {@code signature} (keyed with that secret). Never stored, logged or audited.
     */
    public LoginAttempt verifiedSecret(String secret) {
        this.verifiedSecret = secret;
        return this;
    }

    /** The verified consumer secret; null when the request carried none or it was not (yet) verified. */
    public String verifiedSecret() {
        return verifiedSecret;
    }

    /** A remark for the success row's detail (for admins only), such as the use of a previous consumer secret. */
    public LoginAttempt note(String value) {
        this.note = value;
        return this;
    }

    /** Null when there is nothing to remark. */
    public String note() {
        return note;
    }

    /** The row of this attempt as resolved: its app, user and username. */
    public LoginHistoryEntry toEntry(String id, String loginSubType, LoginReason reason, String detail, Instant now) {
        return toEntry(id, app, user, username, loginSubType, reason, detail, now);
    }

    /**
     * The row of this attempt, naming {@code app}, {@code user} and {@code username} (what a refusal attributes to
     * the request when the grant resolved nothing; {@link RefusalAttribution}).
     */
    public LoginHistoryEntry toEntry(String id, ConnectedApp app, User user, String username, String loginSubType,
            LoginReason reason, String detail, Instant now) {
        return new LoginHistoryEntry(id,
                app != null ? app.orgId() : user != null ? user.orgId() : null,
                user != null ? user.id() : null,
                username,
                app != null ? app.id() : null,
                app != null ? app.name() : null,
                consumerKey != null ? consumerKey : app != null ? app.consumerKey() : presentedClientId,
                certificateThumbprint,
                origin.remoteAddress(),
                origin.url(),
                LoginHistoryEntry.REMOTE_ACCESS,
                loginSubType,
                origin.userAgent(),
                reason,
                detail,
                now);
    }
}
