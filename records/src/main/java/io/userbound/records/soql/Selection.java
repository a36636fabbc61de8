package io.userbound.records.soql;

import java.util.List;

/** The SELECT list: either {@code COUNT()} alone or one or more field paths. */
public sealed interface Selection permits Selection.CountAll, Selection.Fields {

    /** Char offset where the select list starts. */
    int offset();

    /**
     * {@code SELECT COUNT() FROM ...}: the result is only {@code totalSize}.
     *
     * @param offset char offset of {@code COUNT}
     */
    record CountAll(int offset) implements Selection {
    }

    /**
     * {@code SELECT a, b.c FROM ...}: the fields in written order (duplicates kept; the compiler rejects them).
     *
     * @param fields never empty
     */
    record Fields(List<FieldPath> fields) implements Selection {
        public Fields {
            fields = List.copyOf(fields);
            if (fields.isEmpty()) {
                throw new IllegalArgumentException("fields must not be empty");
            }
        }

        @Override
        public int offset() {
            return fields.get(0).offset();
        }
    }
}
