package io.userbound.records.data;

import io.userbound.core.ApiException;
import io.userbound.core.port.Transactions;
import io.userbound.protocol.RestErrorCode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * sObject collections ({@code composite/sobjects}): one piece of work per record, each with its own outcome, all or
 * none when asked, as Salesforce runs them. Thread-safe.
 */
public final class RecordCollections {
    private final Transactions tx;

    RecordCollections(Transactions tx) {
        this.tx = tx;
    }


    /** At most this many records per collection call, as in Salesforce. */
    public static final int MAX_COLLECTION = 200;

    /** What the work on one element did: the record it acted on, and for an upsert whether it inserted it. */
    public record Saved(String id, Boolean created) {
        /** An insert, update or delete of {@code id}: no {@code created} member in the reply. */
        public static Saved of(String id) {
            return new Saved(id, null);
        }
    }

    /**
     * One record's outcome in a collection call: {@code {id, success, errors}}, and {@code created} for upserts.
     *
     * @param created null outside upserts
     */
    public record Outcome(String id, Boolean created, ApiException error) {
        public Map<String, Object> toJson() {
            Map<String, Object> out = new LinkedHashMap<>();
            if (id != null) {
                out.put("id", id);
            }
            out.put("success", error == null);
            List<Object> errors = new ArrayList<>();
            if (error != null) {
                Map<String, Object> e = new LinkedHashMap<>();
                e.put("statusCode", error.code().name());
                e.put("message", error.getMessage());
                e.put("fields", error.fields());
                errors.add(e);
            }
            out.put("errors", errors);
            if (created != null && error == null) {
                out.put("created", created);
            }
            return out;
        }
    }

    /** Rolls an all-or-none collection back after its outcomes are known. */
    private static final class RolledBack extends RuntimeException {
        RolledBack() {
            super(null, null, false, false);
        }
    }

    private static final ApiException ROLLED_BACK = new ApiException(RestErrorCode.ALL_OR_NONE_OPERATION_ROLLED_BACK,
            "Record rolled back because not all records were valid and the request was using AllOrNone header");

    /** The work on one element of a collection: returns what it saved. */
    @FunctionalInterface
    public interface ElementWork<T> {
        Saved run(T element);
    }

    /**
     * Runs {@code work} on each element, in order. Without {@code allOrNone} each element commits on its own and a
     * failure touches only its outcome; with it, the first failure rolls every element back, keeps its own error, and
     * every other element (before it, or after it and not run) reports {@code ALL_OR_NONE_OPERATION_ROLLED_BACK}.
     */
    public <T> List<Outcome> run(List<T> elements, boolean allOrNone, ElementWork<T> work) {
        if (elements.size() > MAX_COLLECTION) {
            throw new ApiException(RestErrorCode.INVALID_OPERATION, "A collection call takes at most "
                    + MAX_COLLECTION + " records; this one has " + elements.size());
        }
        List<Outcome> outcomes = new ArrayList<>();
        if (!allOrNone) {
            for (T e : elements) {
                outcomes.add(attempt(e, work));
            }
            return outcomes;
        }
        try {
            tx.run(() -> {
                for (T e : elements) {
                    Outcome o = attempt(e, work);
                    outcomes.add(o);
                    // stop at the first failure: on PostgreSQL a failed statement (a unique violation) aborts the
                    // transaction, and every later statement in it would fail too
                    if (o.error() != null) {
                        throw new RolledBack();
                    }
                }
            });
            return outcomes;
        } catch (RolledBack e) {
            List<Outcome> out = new ArrayList<>();
            for (Outcome o : outcomes) {
                out.add(o.error() != null ? o : new Outcome(o.id(), null, ROLLED_BACK));
            }
            while (out.size() < elements.size()) {
                out.add(new Outcome(null, null, ROLLED_BACK));
            }
            return out;
        }
    }

    private static <T> Outcome attempt(T element, ElementWork<T> work) {
        try {
            Saved saved = work.run(element);
            return new Outcome(saved.id(), saved.created(), null);
        } catch (ApiException e) {
            return new Outcome(null, null, e);
        }
    }
}
