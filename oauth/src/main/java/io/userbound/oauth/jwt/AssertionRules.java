package io.userbound.oauth.jwt;

import io.userbound.core.model.ConnectedApp;
import io.userbound.oauth.OAuthError;
import java.util.Map;
import java.util.Set;

/**
 * What one use of JWT assertions tells the client and accepts ({@link AssertionVerifier}): the errors of each check,
 * the accepted {@code typ} values, how debug details name the assertion and its issuer, and a check of the issuer's
 * own rules that runs right after the app is known and before the signature.
 *
 * @param what how debug details name the assertion ({@code assertion}, {@code client assertion})
 * @param types accepted {@code typ} values, lower case; an absent {@code typ} is always accepted
 * @param issuerName how debug details name a missing or malformed {@code iss}
 * @param issuerSource how debug details name where an unknown consumer key came from
 * @param issuerCheck runs once the app is resolved; never null
 */
public record AssertionRules(String what, Set<String> types, OAuthError invalid, OAuthError audience,
        OAuthError expInvalid, OAuthError expired, OAuthError notYetValid, OAuthError lifetimeExceeded,
        String issuerName, String issuerSource, IssuerCheck issuerCheck) {

    /** A check of the resolved app against the rest of the request or the claims. */
    @FunctionalInterface
    public interface IssuerCheck {
        /** Nothing more to check. */
        IssuerCheck NONE = (app, claims) -> { };

        /**
         * @param app the app {@code iss} names; never null
         * @param claims the unverified payload; never null
         * @throws OAuthException the refusal
         */
        void check(ConnectedApp app, Map<String, Object> claims);
    }

    /** The JWT bearer grant (RFC 7523 section 2.1): {@code invalid_grant} with Salesforce's strings. */
    public static final AssertionRules GRANT = new AssertionRules("assertion", Set.of("jwt"),
            OAuthError.INVALID_ASSERTION, OAuthError.AUDIENCE_INVALID, OAuthError.EXP_INVALID,
            OAuthError.ASSERTION_EXPIRED, OAuthError.ASSERTION_NOT_YET_VALID, OAuthError.LIFETIME_EXCEEDED,
            "iss claim", "iss", IssuerCheck.NONE);

    /**
     * {@code private_key_jwt} client authentication (RFC 7523 section 2.2): {@code invalid_client} (RFC 7521 section
     * 4.2.1). Also accepts {@code typ: client-authentication+jwt}, which newer client libraries send.
     */
    public static final AssertionRules CLIENT = new AssertionRules("client assertion",
            Set.of("jwt", "client-authentication+jwt"), OAuthError.INVALID_CLIENT_ASSERTION,
            OAuthError.CLIENT_ASSERTION_AUDIENCE_INVALID, OAuthError.CLIENT_ASSERTION_EXP_INVALID,
            OAuthError.CLIENT_ASSERTION_EXPIRED, OAuthError.CLIENT_ASSERTION_NOT_YET_VALID,
            OAuthError.CLIENT_ASSERTION_LIFETIME_EXCEEDED, "client assertion iss", "client assertion iss",
            IssuerCheck.NONE);

    /** These rules with {@code check} run once the issuer is known. */
    public AssertionRules withIssuerCheck(IssuerCheck check) {
        return new AssertionRules(what, types, invalid, audience, expInvalid, expired, notYetValid, lifetimeExceeded,
                issuerName, issuerSource, check);
    }
}
