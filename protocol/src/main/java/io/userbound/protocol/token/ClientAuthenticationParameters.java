package io.userbound.protocol.token;

import io.userbound.protocol.GrantTypes;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

/**
 * The client authentication a token request carries in its body: {@code client_id} and {@code client_secret}
 * ({@code client_secret_post}, RFC 6749 section 2.3.1), or {@code client_assertion_type} and
 * {@code client_assertion} ({@code private_key_jwt}, RFC 7523 section 2.2). Each value is null when absent. Basic
 * credentials travel in the {@code Authorization} header instead ({@link #basicHeader}).
 */
public record ClientAuthenticationParameters(String clientId, String clientSecret, String clientAssertionType,
        String clientAssertion) {
    public static final String CLIENT_ID = "client_id";
    public static final String CLIENT_SECRET = "client_secret";
    public static final String CLIENT_ASSERTION_TYPE = "client_assertion_type";
    public static final String CLIENT_ASSERTION = "client_assertion";
    /** No client authentication in the body. */
    public static final ClientAuthenticationParameters NONE = new ClientAuthenticationParameters(null, null, null, null);

    /** {@code client_secret_post}: the id and the secret in the body. */
    public static ClientAuthenticationParameters secretPost(String clientId, String clientSecret) {
        return new ClientAuthenticationParameters(clientId, clientSecret, null, null);
    }

    /** {@code private_key_jwt}: a client assertion of type {@link GrantTypes#CLIENT_ASSERTION_TYPE_JWT_BEARER}. */
    public static ClientAuthenticationParameters privateKeyJwt(String clientAssertion) {
        return new ClientAuthenticationParameters(null, null, GrantTypes.CLIENT_ASSERTION_TYPE_JWT_BEARER,
                clientAssertion);
    }

    /** @param form single-valued parameters; never null */
    public static ClientAuthenticationParameters parse(Map<String, String> form) {
        return new ClientAuthenticationParameters(form.get(CLIENT_ID), form.get(CLIENT_SECRET),
                form.get(CLIENT_ASSERTION_TYPE), form.get(CLIENT_ASSERTION));
    }

    /** True when the body carries {@code client_assertion} or {@code client_assertion_type}. */
    public boolean carriesAssertion() {
        return clientAssertion != null || clientAssertionType != null;
    }

    /** Adds the present values to {@code form}, in the order id, secret, assertion type, assertion. */
    void addTo(Map<String, String> form) {
        putIfPresent(form, CLIENT_ID, clientId);
        putIfPresent(form, CLIENT_SECRET, clientSecret);
        putIfPresent(form, CLIENT_ASSERTION_TYPE, clientAssertionType);
        putIfPresent(form, CLIENT_ASSERTION, clientAssertion);
    }

    private static void putIfPresent(Map<String, String> form, String name, String value) {
        if (value != null) {
            form.put(name, value);
        }
    }

    /**
     * The {@code Authorization} header of {@code client_secret_basic}. RFC 6749 section 2.3.1: the client id and
     * secret are form-url-encoded, joined by a colon, then base64-encoded.
     */
    public static String basicHeader(String clientId, String clientSecret) {
        String pair = URLEncoder.encode(clientId, StandardCharsets.UTF_8) + ":"
                + URLEncoder.encode(clientSecret, StandardCharsets.UTF_8);
        return "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
    }
}
