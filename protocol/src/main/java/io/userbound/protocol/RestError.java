package io.userbound.protocol;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * One element of a REST error body. Every REST error body is a JSON <em>array</em> of these
 * ({@code salesforce-compat.md} section 9 rule 9): simple-salesforce reads {@code body[0].errorCode}.
 *
 * @param message human-readable text naming the problem; never null
 * @param errorCode a {@link RestErrorCode} name; never null
 * @param fields the fields the error concerns; null when it concerns none
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record RestError(String message, String errorCode, List<String> fields) {

    public static RestError of(RestErrorCode code, String message) {
        return new RestError(message, code.name(), null);
    }

    public static RestError of(RestErrorCode code, String message, List<String> fields) {
        return new RestError(message, code.name(), fields == null || fields.isEmpty() ? null : List.copyOf(fields));
    }
}
