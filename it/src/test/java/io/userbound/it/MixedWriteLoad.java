package io.userbound.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.userbound.client.AssertionBuilder;
import io.userbound.it.CrashLedger.IssuedToken;
import io.userbound.it.CrashLedger.RecordState;
import io.userbound.it.CrashLedger.ToggleState;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The write load of the crash test: each worker, as its own integration user, gets tokens with unique {@code jti}s,
 * creates, updates and deletes its own {@code Crash__c} records (a tracked field, so every change writes field
 * history), revokes tokens, deactivates users of a shared pool (with the admin's token) and toggles an object
 * permission of its own permission set. Every 2xx goes into the {@link CrashLedger}; a request without a reply (the
 * server died) marks its effect as in flight.
 */
final class MixedWriteLoad {
    static final String API = "/services/data/v66.0/";
    static final String JWT_BEARER = "urn:ietf:params:oauth:grant-type:jwt-bearer";

    /** An integration user of the test org. */
    record Account(String userId, String username) {
    }

    /** What the workers need of the org the test set up. */
    record Fixture(String baseUrl, String appId, String consumerKey, PrivateKey key, List<Account> workers,
            List<ToggleState> toggles, Queue<Account> victims) {
    }

    private final Fixture fixture;
    private final CrashLedger ledger;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();
    private final AtomicBoolean running = new AtomicBoolean();
    private final Set<String> maybeRevoked = ConcurrentHashMap.newKeySet();
    private ExecutorService pool;
    private List<Future<?>> futures;
    private volatile String adminToken;
    private volatile int round;

    MixedWriteLoad(Fixture fixture, CrashLedger ledger) {
        this.fixture = fixture;
        this.ledger = ledger;
    }

    /** Tokens whose revocation was in flight when the server died: neither live nor surely dead. */
    Set<String> maybeRevoked() {
        return maybeRevoked;
    }

    /** Starts one thread per worker user; {@code adminToken} deactivates users and changes permissions. */
    void start(int round, String adminToken) {
        this.round = round;
        this.adminToken = adminToken;
        running.set(true);
        pool = Executors.newFixedThreadPool(fixture.workers().size());
        futures = new ArrayList<>();
        for (int k = 0; k < fixture.workers().size(); k++) {
            Worker w = new Worker(fixture.workers().get(k), fixture.toggles().get(k), new Random(31L * round + k));
            futures.add(pool.submit(w::run));
        }
    }

    /** Stops the workers once their current requests have failed or finished. */
    void stop() throws Exception {
        running.set(false);
        pool.shutdown();
        if (!pool.awaitTermination(60, TimeUnit.SECONDS)) {
            throw new IllegalStateException("load workers did not stop");
        }
        for (Future<?> f : futures) {
            f.get();
        }
    }

    /** The JWT bearer token request for {@code username} with a fresh {@code jti}. */
    String tokenForm(String username, String jti) {
        String assertion = AssertionBuilder.forKey(fixture.key()).issuer(fixture.consumerKey()).subject(username)
                .audience(fixture.baseUrl()).lifetime(Duration.ofMinutes(5)).jwtId(jti).sign();
        return "grant_type=" + URLEncoder.encode(JWT_BEARER, StandardCharsets.UTF_8) + "&assertion=" + assertion;
    }

    HttpResponse<String> send(String method, String path, String token, String contentType, String body)
            throws IOException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(fixture.baseUrl() + path))
                .timeout(Duration.ofSeconds(15))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        try {
            return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    private final class Worker {
        final Account me;
        final ToggleState toggle;
        final Random random;
        final List<RecordState> mine = new ArrayList<>();
        String token;

        Worker(Account me, ToggleState toggle, Random random) {
            this.me = me;
            this.toggle = toggle;
            this.random = random;
        }

        void run() {
            while (running.get()) {
                try {
                    if (token == null) {
                        token = grant(me);
                        continue;
                    }
                    int r = random.nextInt(100);
                    if (r < 25) {
                        grant(me);
                    } else if (r < 55) {
                        create();
                    } else if (r < 72) {
                        update();
                    } else if (r < 78) {
                        delete();
                    } else if (r < 88) {
                        revoke();
                    } else if (r < 91) {
                        deactivate();
                    } else {
                        togglePermission();
                    }
                } catch (IOException noReply) {
                    // the server died under the request: its effect is in flight (recorded by the operation)
                    ledger.unanswered.incrementAndGet();
                    Node.sleep(20);
                }
            }
        }

        /** @return the issued token, or null when refused (recorded as unexpected) */
        String grant(Account who) throws IOException {
            String jti = UUID.randomUUID().toString();
            String form = tokenForm(who.username(), jti);
            HttpResponse<String> r = send("POST", "/services/oauth2/token", null,
                    "application/x-www-form-urlencoded", form);
            JsonNode body = json(r);
            if (r.statusCode() != 200 || body == null || !body.hasNonNull("access_token")) {
                ledger.unexpected("grant for " + who.username() + ": " + r.statusCode() + " " + r.body());
                return null;
            }
            String issued = body.get("access_token").asText();
            ledger.tokens.add(new IssuedToken(issued, who.userId(), fixture.appId(), jti, form, round));
            ledger.grants.incrementAndGet();
            return issued;
        }

        void create() throws IOException {
            long value = 1 + random.nextInt(1_000_000);
            HttpResponse<String> r = send("POST", API + "sobjects/Crash__c", token, "application/json",
                    "{\"Name\":\"crash-" + UUID.randomUUID() + "\",\"Amount__c\":" + value + "}");
            JsonNode body = json(r);
            if (r.statusCode() != 201 || body == null || !body.hasNonNull("id")) {
                ledger.unexpected("create: " + r.statusCode() + " " + r.body());
                return;
            }
            RecordState s = new RecordState(body.get("id").asText(), value);
            ledger.records.put(s.id, s);
            mine.add(s);
            ledger.creates.incrementAndGet();
        }

        void update() throws IOException {
            RecordState s = pick();
            if (s == null) {
                return;
            }
            long value = 1 + random.nextInt(1_000_000);
            if (value == s.acked) {
                value++;
            }
            s.pending = value;
            HttpResponse<String> r = send("PATCH", API + "sobjects/Crash__c/" + s.id, token, "application/json",
                    "{\"Amount__c\":" + value + "}");
            if (r.statusCode() != 204) {
                s.pending = null;
                ledger.unexpected("update " + s.id + ": " + r.statusCode() + " " + r.body());
                return;
            }
            s.acked = value;
            s.ackedUpdates.add(value);
            s.pending = null;
            ledger.updates.incrementAndGet();
        }

        void delete() throws IOException {
            RecordState s = pick();
            if (s == null) {
                return;
            }
            s.deletePending = true;
            mine.remove(s);
            HttpResponse<String> r = send("DELETE", API + "sobjects/Crash__c/" + s.id, token, null, null);
            if (r.statusCode() != 204) {
                s.deletePending = false;
                ledger.unexpected("delete " + s.id + ": " + r.statusCode() + " " + r.body());
                return;
            }
            s.deleted = true;
            s.deletePending = false;
            ledger.deletes.incrementAndGet();
        }

        void revoke() throws IOException {
            String victim = grant(me);
            if (victim == null) {
                return;
            }
            maybeRevoked.add(victim);
            HttpResponse<String> r = send("POST", "/services/oauth2/revoke", null,
                    "application/x-www-form-urlencoded", "token=" + URLEncoder.encode(victim, StandardCharsets.UTF_8));
            if (r.statusCode() != 200) {
                ledger.unexpected("revoke: " + r.statusCode() + " " + r.body());
                return;
            }
            ledger.revoked.add(victim);
            maybeRevoked.remove(victim);
            ledger.revocations.incrementAndGet();
        }

        void deactivate() throws IOException {
            Account victim = fixture.victims().poll();
            if (victim == null) {
                return;
            }
            if (grant(victim) == null) {
                return;
            }
            ledger.maybeDeactivated.put(victim.userId(), victim.username());
            HttpResponse<String> r = send("PATCH", API + "sobjects/User/" + victim.userId(), adminToken,
                    "application/json", "{\"IsActive\":false}");
            if (r.statusCode() != 204) {
                ledger.unexpected("deactivate " + victim.username() + ": " + r.statusCode() + " " + r.body());
                return;
            }
            ledger.deactivated.put(victim.userId(), victim.username());
            ledger.maybeDeactivated.remove(victim.userId());
            ledger.deactivations.incrementAndGet();
        }

        void togglePermission() throws IOException {
            boolean next = !toggle.ackedCreate;
            toggle.pending = next;
            toggle.unanswered.incrementAndGet();
            HttpResponse<String> r = send("PUT", API + "userbound/permissionSets/" + toggle.permissionSet
                    + "/objectPermissions/Account", adminToken, "application/json",
                    "{\"PermissionsRead\":true,\"PermissionsCreate\":" + next + "}");
            toggle.unanswered.decrementAndGet();
            if (r.statusCode() != 200) {
                toggle.pending = null;
                ledger.unexpected("permission change " + toggle.permissionSet + ": " + r.statusCode() + " "
                        + r.body());
                return;
            }
            toggle.ackedCreate = next;
            toggle.pending = null;
            toggle.acked.incrementAndGet();
            ledger.permissionChanges.incrementAndGet();
        }

        private RecordState pick() {
            return mine.isEmpty() ? null : mine.get(random.nextInt(mine.size()));
        }
    }

    static JsonNode json(HttpResponse<String> r) {
        try {
            return TestServer.JSON.readTree(r.body());
        } catch (IOException e) {
            return null;
        }
    }
}
