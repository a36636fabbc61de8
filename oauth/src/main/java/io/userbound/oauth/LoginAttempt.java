package io.userbound.oauth;

import io.userbound.core.model.ConnectedApp;
import io.userbound.core.model.User;

/**
 * What is known so far about one token request, filled in by the grant handler as it resolves the app, the user
 * and the certificate. {@link TokenEndpoint} turns it into exactly one {@code LoginHistory} row when the request
 * ends, whether it succeeded or failed. Not thread-safe: one per request.
 */
public final class LoginAttempt {
    private final TokenRequest request;
    private final ClientAuthenticator clients;
    private String consumerKey;
    private ConnectedApp app;
    private String username;
    private User user;
    private String certificateThumbprint;
    private String verifiedSecret;
    private String note;

    /** An attempt whose client secrets cannot be checked: every non-empty secret is refused. */
    public LoginAttempt(TokenRequest request) {
        this(request, ClientAuthenticator.REJECT_SECRETS);
    }

    /** @param clients checks the client authentication the request carried against the app the grant resolves */
    public LoginAttempt(TokenRequest request, ClientAuthenticator clients) {
        this.request = request;
        this.clients = clients;
    }

    public TokenRequest request() {
        return request;
    }

    /** The client authenticator of the endpoint that made this attempt; never null. */
    public ClientAuthenticator clients() {
        return clients;
    }

    /** The consumer key the request named (whether or not it exists). */
    public LoginAttempt consumerKey(String value) {
        this.consumerKey = value;
        return this;
    }

    public LoginAttempt app(ConnectedApp value) {
        this.app = value;
        this.consumerKey = value.consumerKey();
        return this;
    }

    /** The username the request asked for (whether or not it exists). */
    public LoginAttempt username(String value) {
        this.username = value;
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
}
