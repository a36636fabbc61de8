package io.userbound.server.routes;

import io.userbound.core.ApiException;
import io.userbound.core.port.Transactions;
import io.userbound.protocol.RestErrorCode;
import io.userbound.records.catalog.ObjectCatalog;
import io.userbound.records.data.RecordContext;
import io.userbound.records.data.RecordService;
import io.userbound.records.meta.FieldDefinition;
import io.userbound.records.meta.FieldType;
import io.userbound.records.meta.ObjectDefinition;
import io.userbound.records.meta.StandardObjects;
import io.userbound.server.routes.RecordCalls.Reply;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * {@code POST composite/tree/{T}} ({@code sf data import tree}): records of one type, each with a
 * {@code referenceId}, and nested under each its children by relationship name ({@code "Contacts": {"records":
 * [...]}}), which get the parent's id in their lookup. At most 200 records in all and five levels; all or nothing, in
 * one transaction, every record created as the token's user through {@link RecordService#create}. The whole tree is
 * checked for shape before anything is written.
 */
final class CompositeTree {
    static final int MAX_RECORDS = 200;
    static final int MAX_DEPTH = 5;
    private static final Pattern REFERENCE_ID = Pattern.compile("^[A-Za-z0-9][A-Za-z0-9_]*$");

    private final RecordService records;
    private final ObjectCatalog catalog;
    private final Transactions tx;

    CompositeTree(RecordService records, ObjectCatalog catalog, Transactions tx) {
        this.records = records;
        this.catalog = catalog;
        this.tx = tx;
    }

    /** One record of the tree, checked: its object, its own values, the lookup to its parent, its children. */
    private record Node(String referenceId, ObjectDefinition object, Map<String, Object> values, FieldDefinition
            parentLookup, List<Node> children) {
    }

    /** A record that could not be created, and why. */
    private static final class Failed extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final String referenceId;
        final ApiException cause;

        Failed(String referenceId, ApiException cause) {
            super(null, null, false, false);
            this.referenceId = referenceId;
            this.cause = cause;
        }
    }

    Reply insert(RecordContext rc, String type, Map<String, Object> body) {
        ObjectDefinition root = records.object(rc, type);
        CompositeRoutes.Fields.only(body, "tree request", "records");
        Set<String> referenceIds = new HashSet<>();
        int[] count = {0};
        List<Node> nodes = new ArrayList<>();
        for (Map<String, Object> item : list(body.get("records"), "records")) {
            nodes.add(node(rc, item, root, null, 1, referenceIds, count));
        }
        List<Map<String, Object>> results = new ArrayList<>();
        try {
            tx.run(() -> nodes.forEach(n -> create(rc, n, null, results)));
        } catch (Failed f) {
            Map<String, Object> error = new LinkedHashMap<>();
            error.put("statusCode", f.cause.code().name());
            error.put("message", f.cause.getMessage());
            error.put("fields", f.cause.fields());
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("referenceId", f.referenceId);
            result.put("errors", List.of(error));
            return Reply.of(400, outcome(true, List.of(result)));
        }
        return Reply.of(201, outcome(false, results));
    }

    private static Map<String, Object> outcome(boolean hasErrors, List<Map<String, Object>> results) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("hasErrors", hasErrors);
        out.put("results", results);
        return out;
    }

    private void create(RecordContext rc, Node n, String parentId, List<Map<String, Object>> results) {
        Map<String, Object> values = new LinkedHashMap<>(n.values());
        if (n.parentLookup() != null) {
            values.put(n.parentLookup().name(), parentId);
        }
        String id;
        try {
            id = records.create(rc, n.object().name(), values);
        } catch (ApiException e) {
            throw new Failed(n.referenceId(), e);
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("referenceId", n.referenceId());
        result.put("id", id);
        results.add(result);
        n.children().forEach(c -> create(rc, c, id, results));
    }

    private Node node(RecordContext rc, Map<String, Object> item, ObjectDefinition object, FieldDefinition lookup,
            int depth, Set<String> referenceIds, int[] count) {
        if (++count[0] > MAX_RECORDS) {
            throw new ApiException(RestErrorCode.INVALID_OPERATION, "A tree request takes at most " + MAX_RECORDS
                    + " records");
        }
        if (depth > MAX_DEPTH) {
            throw new ApiException(RestErrorCode.INVALID_OPERATION, "A tree request nests at most " + MAX_DEPTH
                    + " levels of records");
        }
        if (!(item.get("attributes") instanceof Map<?, ?> attributes)) {
            throw new ApiException(RestErrorCode.INVALID_OPERATION, "Each record needs attributes with its type and"
                    + " referenceId");
        }
        Object type = attributes.get("type");
        if (!(type instanceof String t) || !t.equalsIgnoreCase(object.name())) {
            throw new ApiException(RestErrorCode.INVALID_TYPE, "attributes.type " + (type == null ? "is missing"
                    : "'" + type + "' is not " + object.name()) + " where a " + object.name() + " is expected");
        }
        if (!(attributes.get("referenceId") instanceof String ref) || !REFERENCE_ID.matcher(ref).matches()) {
            throw new ApiException(RestErrorCode.INVALID_OPERATION, "attributes.referenceId: each record needs a "
                    + "reference id of letters, digits and underscores");
        }
        if (!referenceIds.add(ref)) {
            throw new ApiException(RestErrorCode.INVALID_OPERATION, "Duplicate referenceId '" + ref + "'");
        }
        Map<String, Object> values = new LinkedHashMap<>();
        List<Node> children = new ArrayList<>();
        for (Map.Entry<String, Object> e : item.entrySet()) {
            if (e.getKey().equals("attributes")) {
                continue;
            }
            if (e.getValue() instanceof Map<?, ?> nested) {
                Child child = child(rc, object, e.getKey());
                CompositeRoutes.Fields.only(castMap(nested), "nested " + e.getKey(), "records");
                for (Map<String, Object> c : list(nested.get("records"), e.getKey() + ".records")) {
                    children.add(node(rc, c, child.object(), child.lookup(), depth + 1, referenceIds, count));
                }
            } else {
                values.put(e.getKey(), e.getValue());
            }
        }
        return new Node(ref, object, values, lookup, children);
    }

    private record Child(ObjectDefinition object, FieldDefinition lookup) {
    }

    /** The child object and lookup that a relationship name of {@code parent} names. */
    private Child child(RecordContext rc, ObjectDefinition parent, String relationship) {
        List<Child> found = new ArrayList<>();
        for (ObjectDefinition o : catalog.all(rc.orgId())) {
            if (!o.isRecord()) {
                continue;
            }
            for (FieldDefinition f : o.fields()) {
                if (f.type() == FieldType.LOOKUP && parent.name().equals(f.referenceTo())
                        && StandardObjects.childRelationshipName(o, f).equalsIgnoreCase(relationship)) {
                    found.add(new Child(o, f));
                }
            }
        }
        if (found.isEmpty()) {
            throw new ApiException(RestErrorCode.INVALID_FIELD, "No such relationship '" + relationship + "' on "
                    + parent.name() + ": a nested value names the children of a lookup, such as Contacts",
                    List.of(relationship));
        }
        if (found.size() > 1) {
            // two lookups of one child object to this parent share the name: which one to fill cannot be guessed
            throw new ApiException(RestErrorCode.INVALID_FIELD, "The relationship '" + relationship + "' of "
                    + parent.name() + " names " + found.size() + " lookups (" + String.join(", ", found.stream()
                    .map(c -> c.object().name() + "." + c.lookup().name()).toList()) + "); nest the children "
                    + "under each record instead, with the lookup set", List.of(relationship));
        }
        return new Child(records.object(rc, found.get(0).object().name()), found.get(0).lookup());
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> list(Object value, String member) {
        if (!(value instanceof List<?> list) || list.isEmpty() || !list.stream().allMatch(Map.class::isInstance)) {
            throw new ApiException(RestErrorCode.JSON_PARSER_ERROR, member + ": a non-empty array of records is "
                    + "required");
        }
        return (List<Map<String, Object>>) list;
    }

    private static Map<String, Object> castMap(Map<?, ?> m) {
        Map<String, Object> out = new LinkedHashMap<>();
        m.forEach((k, v) -> out.put(String.valueOf(k), v));
        return out;
    }
}
