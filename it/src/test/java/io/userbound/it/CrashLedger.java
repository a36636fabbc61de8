package io.userbound.it;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What the server acknowledged (a 2xx reply) during a crash test, and what was in flight, unanswered, when it died.
 * Every effect recorded here must survive every later crash; an effect in flight may or may not have happened, but
 * whole or not at all. Thread-safe: each record and each permission set belongs to one load worker.
 */
final class CrashLedger {
    /** An access token the token endpoint issued, with the request that got it (replayed after a crash). */
    record IssuedToken(String token, String userId, String appId, String jti, String form, int round) {
        /** The token's row id: the 18 characters after {@code <org id>!}. */
        String rowId() {
            int bang = token.indexOf('!');
            return token.substring(bang + 1, bang + 19);
        }
    }

    /** One record's acknowledged life. Touched by its worker only while the load runs. */
    static final class RecordState {
        final String id;
        final long created;
        volatile long acked;
        /** An update in flight when the server died: its value may or may not be the record's now. */
        volatile Long pending;
        final List<Long> ackedUpdates = new ArrayList<>();
        volatile boolean deleted;
        volatile boolean deletePending;

        RecordState(String id, long created) {
            this.id = id;
            this.created = created;
            this.acked = created;
        }

        boolean mayHold(long value) {
            return value == acked || (pending != null && value == pending);
        }
    }

    /** A permission set whose object permission on {@code Account} a worker toggles. */
    static final class ToggleState {
        final String permissionSet;
        final String permissionSetId;
        volatile boolean ackedCreate;
        volatile Boolean pending;
        final AtomicInteger acked = new AtomicInteger();
        final AtomicInteger unanswered = new AtomicInteger();

        ToggleState(String permissionSet, String permissionSetId) {
            this.permissionSet = permissionSet;
            this.permissionSetId = permissionSetId;
        }
    }

    final Queue<IssuedToken> tokens = new ConcurrentLinkedQueue<>();
    final Set<String> revoked = ConcurrentHashMap.newKeySet();
    /** Users whose deactivation was acknowledged, by id, with their usernames. */
    final Map<String, String> deactivated = new ConcurrentHashMap<>();
    /** Users whose deactivation was in flight when the server died, by id, with their usernames. */
    final Map<String, String> maybeDeactivated = new ConcurrentHashMap<>();
    final Set<String> reactivated = ConcurrentHashMap.newKeySet();
    final Map<String, RecordState> records = new ConcurrentHashMap<>();
    final Map<String, ToggleState> toggles = new ConcurrentHashMap<>();
    /** Replies that were neither the expected success nor a crash: each one fails the test. */
    final Queue<String> unexpected = new ConcurrentLinkedQueue<>();

    final AtomicInteger grants = new AtomicInteger();
    final AtomicInteger creates = new AtomicInteger();
    final AtomicInteger updates = new AtomicInteger();
    final AtomicInteger deletes = new AtomicInteger();
    final AtomicInteger revocations = new AtomicInteger();
    final AtomicInteger deactivations = new AtomicInteger();
    final AtomicInteger permissionChanges = new AtomicInteger();
    final AtomicInteger unanswered = new AtomicInteger();

    /** Acknowledged writes so far. */
    int acknowledged() {
        return grants.get() + creates.get() + updates.get() + deletes.get() + revocations.get() + deactivations.get()
                + permissionChanges.get();
    }

    /** Tokens that must still work: neither revoked nor of a user deactivated (or maybe deactivated). */
    List<IssuedToken> liveTokens() {
        List<IssuedToken> live = new ArrayList<>();
        for (IssuedToken t : tokens) {
            if (!revoked.contains(t.token()) && !deactivated.containsKey(t.userId())
                    && !maybeDeactivated.containsKey(t.userId())) {
                live.add(t);
            }
        }
        return live;
    }

    /** Tokens that must never work again. */
    List<IssuedToken> deadTokens() {
        List<IssuedToken> dead = new ArrayList<>();
        for (IssuedToken t : tokens) {
            if (revoked.contains(t.token()) || deactivated.containsKey(t.userId())) {
                dead.add(t);
            }
        }
        return dead;
    }

    void unexpected(String what) {
        unexpected.add(what);
    }
}
