package io.userbound.records.catalog;

import io.userbound.records.meta.FieldDefinition;
import io.userbound.records.meta.ObjectDefinition;
import io.userbound.records.meta.SetupObjects;
import io.userbound.records.meta.StandardObjects;
import io.userbound.records.port.CustomFieldRow;
import io.userbound.records.port.MetadataStore;
import io.userbound.records.port.ObjectRow;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every object an org has: the standard record objects (with the org's custom fields, sharing settings and tracked
 * fields), its custom objects, the share and history object of each record object, and the setup objects. Built from
 * {@link MetadataStore} and cached per org for at most {@code ttlMillis}; {@link #invalidate(String)} makes a local
 * change visible at once.
 */
public final class ObjectCatalog {
    /** The default reuse bound, inside the two seconds a metadata change may take to reach every node. */
    public static final long DEFAULT_TTL_MILLIS = 1_000;

    private final MetadataStore store;
    private final Clock clock;
    private final long ttlMillis;
    private final Map<String, Snapshot> cache = new ConcurrentHashMap<>();

    /** One org's objects by lower-case API name, with the time they were loaded. */
    private record Snapshot(Map<String, ObjectDefinition> byName, long loadedAt) {
    }

    public ObjectCatalog(MetadataStore store, Clock clock, long ttlMillis) {
        this.store = store;
        this.clock = clock;
        this.ttlMillis = ttlMillis;
    }

    /** The object with this API name, case-insensitively. */
    public Optional<ObjectDefinition> find(String orgId, String name) {
        if (name == null) {
            return Optional.empty();
        }
        return Optional.ofNullable(snapshot(orgId).byName.get(name.toLowerCase(Locale.ROOT)));
    }

    /** The org's objects: record objects first (standard, then custom), then share, history and setup objects. */
    public List<ObjectDefinition> all(String orgId) {
        return List.copyOf(snapshot(orgId).byName.values());
    }

    /** The record object whose ids start with this key prefix. */
    public Optional<ObjectDefinition> byKeyPrefix(String orgId, String prefix) {
        for (ObjectDefinition o : snapshot(orgId).byName.values()) {
            if (o.isRecord() && o.keyPrefix().equals(prefix)) {
                return Optional.of(o);
            }
        }
        return Optional.empty();
    }

    /** Forgets the org's cached objects. */
    public void invalidate(String orgId) {
        cache.remove(orgId);
    }

    private Snapshot snapshot(String orgId) {
        long now = clock.millis();
        Snapshot s = cache.get(orgId);
        if (s != null && now - s.loadedAt < ttlMillis) {
            return s;
        }
        Snapshot loaded = new Snapshot(Collections.unmodifiableMap(load(orgId)), now);
        cache.put(orgId, loaded);
        return loaded;
    }

    /** Builds the org's objects from the store, bypassing the cache. */
    public Map<String, ObjectDefinition> load(String orgId) {
        List<ObjectRow> rows = store.objects(orgId);
        List<CustomFieldRow> customFields = store.customFields(orgId);
        Set<String> tracked = store.trackedFields(orgId);

        List<ObjectDefinition> records = new ArrayList<>();
        for (ObjectDefinition standard : StandardObjects.all()) {
            ObjectDefinition o = standard;
            for (ObjectRow row : rows) {
                if (!row.custom() && row.apiName().equalsIgnoreCase(standard.name())) {
                    o = o.withSharingModel(row.sharingModel());
                }
            }
            records.add(o);
        }
        for (ObjectRow row : rows) {
            if (row.custom()) {
                ObjectDefinition base = StandardObjects.custom(row.id(), row.apiName(), row.label(),
                        row.pluralLabel(), row.keyPrefix(), row.sharingModel());
                records.add(new ObjectDefinition(base.id(), base.name(), base.label(), base.pluralLabel(),
                        base.keyPrefix(), base.category(), true, base.sharingModel(), row.table(), base.orgColumn(),
                        base.fields(), null, null, null));
            }
        }
        Map<String, ObjectDefinition> out = new LinkedHashMap<>();
        for (ObjectDefinition o : records) {
            List<FieldDefinition> fields = new ArrayList<>(o.fields());
            for (CustomFieldRow f : customFields) {
                if (f.objectName().equals(o.key())) {
                    fields.add(f.field());
                }
            }
            fields.replaceAll(f -> f.withTracked(tracked.contains(o.key() + "." + f.key())));
            out.put(o.key(), o.withFields(fields));
        }
        for (ObjectDefinition o : List.copyOf(out.values())) {
            ObjectDefinition share = StandardObjects.shareObject(o);
            ObjectDefinition history = StandardObjects.historyObject(o);
            out.put(share.key(), share);
            out.put(history.key(), history);
        }
        for (ObjectDefinition setup : SetupObjects.all()) {
            out.put(setup.key(), setup);
        }
        return out;
    }
}
