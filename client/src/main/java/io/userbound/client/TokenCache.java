package io.userbound.client;

import io.userbound.protocol.TokenResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;

/**
 * The caching and single-flight core shared by the token sources.
 *
 * <p>A token is reused until {@code refreshAt}: its expiry minus the refresh skew (at most half its lifetime, so a
 * short-lived token is not refreshed on every call). At most one request for a new token runs at a time; callers that
 * need a new token while one is being fetched wait for it and share its result, success or failure.
 */
final class TokenCache {

    private record Entry(Token token, Instant refreshAt) {
    }

    private final Supplier<TokenResponse> fetcher;
    private final Clock clock;
    private final Duration refreshSkew;
    private final Duration assumedLifetime;
    private final String fallbackInstanceUrl;

    private volatile Entry current;
    /** Guarded by {@code this}. */
    private CompletableFuture<Token> inFlight;

    TokenCache(Supplier<TokenResponse> fetcher, Clock clock, Duration refreshSkew, Duration assumedLifetime,
            String fallbackInstanceUrl) {
        this.fetcher = fetcher;
        this.clock = clock;
        this.refreshSkew = refreshSkew;
        this.assumedLifetime = assumedLifetime;
        this.fallbackInstanceUrl = fallbackInstanceUrl;
    }

    Token token() {
        Entry e = current;
        if (e != null && clock.instant().isBefore(e.refreshAt())) {
            return e.token();
        }
        return obtain(e == null ? null : e.token());
    }

    Token refresh() {
        Entry e = current;
        return obtain(e == null ? null : e.token());
    }

    Token refresh(Token rejected) {
        return rejected == null ? refresh() : obtain(rejected);
    }

    /** A new token unless the cached one differs from {@code seen} and is still fresh. */
    private Token obtain(Token seen) {
        CompletableFuture<Token> flight;
        boolean owner = false;
        synchronized (this) {
            Entry e = current;
            if (e != null && e.token() != seen && clock.instant().isBefore(e.refreshAt())) {
                return e.token();
            }
            if (inFlight == null) {
                inFlight = new CompletableFuture<>();
                owner = true;
            }
            flight = inFlight;
        }
        if (owner) {
            try {
                Entry fetched = fetch();
                synchronized (this) {
                    current = fetched;
                    inFlight = null;
                }
                flight.complete(fetched.token());
                return fetched.token();
            } catch (RuntimeException | Error ex) {
                synchronized (this) {
                    inFlight = null;
                }
                flight.completeExceptionally(ex);
                throw ex;
            }
        }
        try {
            return flight.join();
        } catch (CompletionException ce) {
            Throwable cause = ce.getCause();
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw ce;
        }
    }

    private Entry fetch() {
        TokenResponse reply = fetcher.get();
        Instant now = clock.instant();
        Duration lifetime = reply.expiresIn() != null ? Duration.ofSeconds(Math.max(0, reply.expiresIn()))
                : assumedLifetime;
        Instant expiresAt = now.plus(lifetime);
        Duration skew = refreshSkew.compareTo(lifetime.dividedBy(2)) < 0 ? refreshSkew : lifetime.dividedBy(2);
        String instanceUrl = reply.instanceUrl() != null && !reply.instanceUrl().isBlank()
                ? stripTrailingSlash(reply.instanceUrl()) : fallbackInstanceUrl;
        Token token = new Token(reply.accessToken(), instanceUrl, reply.id(), expiresAt, reply);
        return new Entry(token, expiresAt.minus(skew));
    }

    private static String stripTrailingSlash(String url) {
        String out = url.strip();
        while (out.endsWith("/")) {
            out = out.substring(0, out.length() - 1);
        }
        return out;
    }
}
