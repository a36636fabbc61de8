package io.userbound.client;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.security.PrivateKey;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.RSAPrivateKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * Builds and signs the JWT assertion of the JWT bearer grant (RFC 7523 section 2.1) as a compact JWS.
 *
 * <p>Claims: {@code iss} (the consumer key), {@code sub} (the username), {@code aud} (the authorization server, by
 * default its login URL), {@code exp} (now plus the lifetime, in seconds; RFC 7523 section 3 item 4 requires it),
 * {@code iat} (now) and {@code jti} (a random UUID unless set). Header: {@code alg}, {@code typ: JWT} and
 * {@code kid} when set.
 *
 * <p>The algorithm comes from the key: {@code RS256} for RSA keys, {@code ES256}/{@code ES384}/{@code ES512} for EC
 * keys by curve. {@link #algorithm(String)} may pick another from a fixed allow-list ({@code RS256}, {@code RS384},
 * {@code RS512}, {@code PS256}, {@code PS384}, {@code PS512}, {@code ES256}, {@code ES384}, {@code ES512}) that fits
 * the key; {@code none} and HMAC algorithms are always refused. Instances are not thread-safe; build one per
 * assertion.
 */
public final class AssertionBuilder {

    /** The default assertion lifetime: three minutes, as Salesforce documents. */
    public static final Duration DEFAULT_LIFETIME = Duration.ofMinutes(3);

    private static final List<JWSAlgorithm> RSA_ALGORITHMS = List.of(JWSAlgorithm.RS256, JWSAlgorithm.RS384,
            JWSAlgorithm.RS512, JWSAlgorithm.PS256, JWSAlgorithm.PS384, JWSAlgorithm.PS512);
    private static final Map<Curve, JWSAlgorithm> EC_ALGORITHMS =
            Map.of(Curve.P_256, JWSAlgorithm.ES256, Curve.P_384, JWSAlgorithm.ES384, Curve.P_521, JWSAlgorithm.ES512);

    private final PrivateKey key;
    private String issuer;
    private String subject;
    private String audience;
    private Duration lifetime = DEFAULT_LIFETIME;
    private String jwtId;
    private String keyId;
    private JWSAlgorithm algorithm;
    private Clock clock = Clock.systemUTC();

    private AssertionBuilder(PrivateKey key) {
        this.key = key;
        this.algorithm = defaultAlgorithm(key);
    }

    /**
     * Starts an assertion signed with the given key.
     *
     * @param key an RSA (2048 bits or more) or EC (P-256, P-384, P-521) private key
     * @throws IllegalArgumentException when the key is null or of another type
     */
    public static AssertionBuilder forKey(PrivateKey key) {
        if (key == null) {
            throw new IllegalArgumentException("a private key is required to sign the assertion");
        }
        return new AssertionBuilder(key);
    }

    /** The {@code iss} claim: the connected app's consumer key. Required. */
    public AssertionBuilder issuer(String consumerKey) {
        this.issuer = consumerKey;
        return this;
    }

    /** The {@code sub} claim: the username to act as. Required. */
    public AssertionBuilder subject(String username) {
        this.subject = username;
        return this;
    }

    /** The {@code aud} claim: the authorization server, such as {@code https://login.salesforce.com}. Required. */
    public AssertionBuilder audience(String aud) {
        this.audience = aud;
        return this;
    }

    /**
     * How long the assertion stays valid; {@code exp} is now plus this, in whole seconds. Default three minutes.
     *
     * @throws IllegalArgumentException when not positive
     */
    public AssertionBuilder lifetime(Duration d) {
        if (d == null || d.isNegative() || d.isZero() || d.toSeconds() < 1) {
            throw new IllegalArgumentException("the assertion lifetime must be at least one second, was " + d);
        }
        this.lifetime = d;
        return this;
    }

    /** The {@code jti} claim; default a random UUID. */
    public AssertionBuilder jwtId(String jti) {
        this.jwtId = jti;
        return this;
    }

    /** The {@code kid} header; default none. */
    public AssertionBuilder keyId(String kid) {
        this.keyId = kid;
        return this;
    }

    /**
     * Picks the signature algorithm.
     *
     * @throws IllegalArgumentException when the algorithm is not in the allow-list or does not fit the key
     */
    public AssertionBuilder algorithm(String alg) {
        if (alg == null) {
            throw new IllegalArgumentException("an algorithm is required");
        }
        JWSAlgorithm requested = JWSAlgorithm.parse(alg);
        if (key instanceof RSAPrivateKey) {
            if (!RSA_ALGORITHMS.contains(requested)) {
                throw new IllegalArgumentException("algorithm " + alg + " is not allowed for an RSA key (allowed: "
                        + RSA_ALGORITHMS + ")");
            }
        } else if (!requested.equals(algorithm)) {
            throw new IllegalArgumentException("algorithm " + alg + " is not allowed for this EC key (allowed: "
                    + algorithm + ")");
        }
        this.algorithm = requested;
        return this;
    }

    /** The clock for {@code iat} and {@code exp}; default the system UTC clock. */
    public AssertionBuilder clock(Clock c) {
        this.clock = Objects.requireNonNull(c, "clock");
        return this;
    }

    /**
     * Builds and signs the assertion.
     *
     * @return the compact JWS
     * @throws IllegalStateException when {@code iss}, {@code sub} or {@code aud} is missing
     */
    public String sign() {
        requireSet("an issuer (the consumer key)", issuer);
        requireSet("a subject (the username)", subject);
        requireSet("an audience", audience);
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer(issuer)
                .subject(subject)
                .audience(audience)
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plusSeconds(lifetime.toSeconds())))
                .jwtID(jwtId != null ? jwtId : UUID.randomUUID().toString())
                .build();
        JWSHeader.Builder header = new JWSHeader.Builder(algorithm).type(JOSEObjectType.JWT);
        if (keyId != null) {
            header.keyID(keyId);
        }
        SignedJWT jwt = new SignedJWT(header.build(), claims);
        try {
            jwt.sign(signer());
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot sign the assertion with " + algorithm + ": " + e.getMessage(), e);
        }
        return jwt.serialize();
    }

    private JWSSigner signer() throws JOSEException {
        if (key instanceof ECPrivateKey ec) {
            return new ECDSASigner(ec);
        }
        return new RSASSASigner(key);
    }

    private static void requireSet(String what, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("the assertion needs " + what);
        }
    }

    private static JWSAlgorithm defaultAlgorithm(PrivateKey key) {
        if (key instanceof RSAPrivateKey rsa) {
            if (rsa.getModulus().bitLength() < SelfSignedCertificates.MIN_RSA_BITS) {
                throw new IllegalArgumentException("RSA keys must have at least " + SelfSignedCertificates.MIN_RSA_BITS
                        + " bits, this one has " + rsa.getModulus().bitLength());
            }
            return JWSAlgorithm.RS256;
        }
        if (key instanceof ECPrivateKey ec) {
            Curve curve = Curve.forECParameterSpec(ec.getParams());
            JWSAlgorithm alg = curve == null ? null : EC_ALGORITHMS.get(curve);
            if (alg == null) {
                throw new IllegalArgumentException("unsupported EC curve " + curve
                        + ": use P-256, P-384 or P-521");
            }
            return alg;
        }
        throw new IllegalArgumentException("unsupported key type " + key.getAlgorithm()
                + ": the assertion needs an RSA or EC private key");
    }
}
