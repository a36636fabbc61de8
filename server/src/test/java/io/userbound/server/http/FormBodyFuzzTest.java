package io.userbound.server.http;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/**
 * Coverage-guided fuzzing of the form body parser (issue 12, part 5): any bytes are parsed or refused with
 * {@link RequestBodies.MalformedFormException} (which the token endpoint answers {@code invalid_request}), never
 * another exception; and what is parsed is parsed again, unchanged, after encoding it the way a client does. The
 * corpus is in {@code FormBodyFuzzTestInputs}.
 */
class FormBodyFuzzTest {
    @FuzzTest(maxDuration = "20s")
    @DictionaryEntries({"grant_type=", "assertion=", "client_id=", "&", "=", "%", "%2", "%zz", "%25", "%C3%A9",
        "%E2%80%A8", "%F0%9F%98%80", "%ED%A0%80", "%C0%AF", "+", "%2B", "%00", "\u00e9"})
    void form(byte[] body) {
        Map<String, List<String>> parsed;
        try {
            parsed = RequestBodies.parseForm(body);
        } catch (RequestBodies.MalformedFormException refused) {
            return;
        }
        StringJoiner again = new StringJoiner("&");
        parsed.forEach((name, values) -> values.forEach(value -> again.add(
                URLEncoder.encode(name, StandardCharsets.UTF_8) + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8))));
        Map<String, List<String>> reparsed = RequestBodies.parseForm(again.toString().getBytes(StandardCharsets.UTF_8));
        if (!reparsed.equals(parsed)) {
            throw new AssertionError("re-encoding changed the form: " + parsed + " became " + reparsed);
        }
    }
}
