package io.userbound.bench;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.util.Date;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The cost floor of a JWT bearer grant: one RS256 (2048-bit) verification, raw through the JDK and through Nimbus
 * (parse + verify of a Salesforce-shaped assertion). Run with {@code -t 2} for both cores.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(1)
public class Rs256VerifyBenchmark {
    private KeyPair keys;
    private byte[] data;
    private byte[] signature;
    private String assertion;
    private RSASSAVerifier verifier;

    @Setup
    public void setUp() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        keys = g.generateKeyPair();
        JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer("3MVG9consumerkey").subject("etl@acme.test")
                .audience("http://127.0.0.1:8080").expirationTime(new Date(System.currentTimeMillis() + 180_000))
                .jwtID("3f7c1b9e-1d2a-4f6b-9a33-0c8e5d7f2a11").build();
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.RS256), claims);
        jwt.sign(new RSASSASigner(keys.getPrivate()));
        assertion = jwt.serialize();
        data = jwt.getSigningInput();
        signature = jwt.getSignature().decode();
        verifier = new RSASSAVerifier((RSAPublicKey) keys.getPublic());
    }

    @Benchmark
    public boolean jdkRawVerify() throws Exception {
        Signature v = Signature.getInstance("SHA256withRSA");
        v.initVerify(keys.getPublic());
        v.update(data);
        return v.verify(signature);
    }

    @Benchmark
    public boolean nimbusParseAndVerify() throws Exception {
        return SignedJWT.parse(assertion).verify(verifier);
    }
}
