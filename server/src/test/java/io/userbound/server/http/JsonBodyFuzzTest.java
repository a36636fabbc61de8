package io.userbound.server.http;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.userbound.core.ApiException;
import io.userbound.protocol.RestErrorCode;
import io.userbound.server.routes.RecordRoutes;
import java.util.List;
import java.util.Map;

/**
 * Coverage-guided fuzzing of the JSON body readers (issue 12, part 5): the record API's strict reader and the admin
 * API's {@link Json#readObject}. Any bytes are one JSON object or refused with {@code JSON_PARSER_ERROR} (400), never
 * another exception; a record body never holds a key twice in any case, at any depth; and what the record reader
 * accepts the admin reader accepts too (the same syntax, only the number type differs). The corpus is in
 * {@code JsonBodyFuzzTestInputs}.
 */
class JsonBodyFuzzTest {
    @FuzzTest(maxDuration = "20s")
    @DictionaryEntries({"{", "}", "[", "]", "\"Name\"", "\"name\"", "\"NAME\"", ":", ",", "null", "true", "false",
        "1e309", "-0", "0.1", "00", "12345678901234567890123456789", "\"\\u0000\"", "\"\\ud800\"", "/*", "//", "'",
        "NaN", "Infinity", "\"attributes\"", "\"records\""})
    void body(byte[] body) {
        Map<String, Object> record = parsed(() -> RecordRoutes.parseRecordBody(body));
        Map<String, Object> admin = parsed(() -> Json.readObject(body));
        if (record != null) {
            refuseCaseVariants(record);
            if (admin == null) {
                throw new AssertionError("the record reader accepted what the admin reader refused");
            }
        }
    }

    private static Map<String, Object> parsed(java.util.function.Supplier<Map<String, Object>> reader) {
        try {
            Map<String, Object> map = reader.get();
            if (map == null) {
                throw new AssertionError("a reader returned null");
            }
            return map;
        } catch (ApiException refused) {
            if (refused.code() != RestErrorCode.JSON_PARSER_ERROR) {
                throw new AssertionError("refused with " + refused.code(), refused);
            }
            return null;
        }
    }

    /**
     * Independently of the reader's own check: keys folded by {@link String#CASE_INSENSITIVE_ORDER} (per character,
     * where the reader lower-cases whole strings), for keys in ASCII, which is all a field name can be.
     */
    private static void refuseCaseVariants(Object value) {
        if (value instanceof Map<?, ?> map) {
            java.util.TreeSet<String> folded = new java.util.TreeSet<>(String.CASE_INSENSITIVE_ORDER);
            for (Map.Entry<?, ?> e : map.entrySet()) {
                String key = String.valueOf(e.getKey());
                if (key.chars().allMatch(ch -> ch < 0x80) && !folded.add(key)) {
                    throw new AssertionError("a key is repeated in another case: " + map.keySet());
                }
                refuseCaseVariants(e.getValue());
            }
        } else if (value instanceof List<?> list) {
            list.forEach(JsonBodyFuzzTest::refuseCaseVariants);
        }
    }
}
