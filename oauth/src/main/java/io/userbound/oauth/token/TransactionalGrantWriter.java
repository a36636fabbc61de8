package io.userbound.oauth.token;

import io.userbound.core.model.AccessTokenRecord;
import io.userbound.core.model.LoginHistoryEntry;
import io.userbound.core.port.GrantWriter;
import io.userbound.core.port.LoginHistoryStore;
import io.userbound.core.port.ReplayGuard;
import io.userbound.core.port.TokenStore;
import io.userbound.core.port.Transactions;
import io.userbound.core.port.UsedJti;

/**
 * The {@link GrantWriter} without group commit: one transaction per granted request, the {@code jti} mark first
 * ({@link ReplayGuard#firstUse}, so a replay writes nothing), then the token and its success row. For wiring without
 * the store's group-commit writer (unit tests, embedders); the server uses the store's. Thread-safe.
 */
public final class TransactionalGrantWriter implements GrantWriter {
    private final Transactions transactions;
    private final TokenStore tokens;
    private final LoginHistoryStore history;
    private final ReplayGuard replay;

    public TransactionalGrantWriter(Transactions transactions, TokenStore tokens, LoginHistoryStore history,
            ReplayGuard replay) {
        this.transactions = transactions;
        this.tokens = tokens;
        this.history = history;
        this.replay = replay;
    }

    @Override
    public boolean write(AccessTokenRecord token, LoginHistoryEntry success, UsedJti jti) {
        return transactions.inTransaction(() -> {
            if (jti != null && !replay.firstUse(jti.appId(), jti.jti(), jti.expiresAt())) {
                return false;
            }
            tokens.insert(token);
            history.append(success);
            return true;
        });
    }
}
