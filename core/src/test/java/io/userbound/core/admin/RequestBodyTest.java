package io.userbound.core.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.userbound.core.ApiException;
import io.userbound.protocol.RestErrorCode;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RequestBodyTest {
    private static final List<String> ACCEPTED = List.of("Name", "IsActive");

    @Test
    void whenMemberIsOmittedThenAbsentAndWhenNullThenPresentWithNull() {
        Map<String, Object> body = new HashMap<>();
        body.put("name", null);
        RequestBody b = RequestBody.read("Thing", body, ACCEPTED);

        assertThat(b.string("Name").present()).isTrue();
        assertThat(b.string("Name").value()).isNull();
        assertThat(b.bool("IsActive").present()).isFalse();
        assertThat(b.empty().value()).isFalse();
    }

    @Test
    void whenMemberHasTheWrongTypeThenItsErrorIsThrownOnlyWhenItIsRead() {
        Member<Boolean> active = RequestBody.read("Thing", Map.of("IsActive", "yes"), ACCEPTED).bool("IsActive");

        assertThat(active.present()).isTrue();
        assertThatThrownBy(active::value).isInstanceOfSatisfying(ApiException.class,
                e -> assertThat(e.code()).isEqualTo(RestErrorCode.JSON_PARSER_ERROR));
    }

    @Test
    void whenBodyHoldsAnUnknownMemberThenEveryMemberThrowsTheRefusal() {
        RequestBody b = RequestBody.read("Thing", Map.of("Colour", "red"), ACCEPTED);

        assertThatThrownBy(() -> b.string("Name").value()).isInstanceOfSatisfying(ApiException.class,
                e -> assertThat(e.code()).isEqualTo(RestErrorCode.INVALID_FIELD));
        assertThatThrownBy(() -> b.empty().value()).isInstanceOf(ApiException.class);
    }

    @Test
    void whenRequiredMemberIsNullThenRequiredFieldMissing() {
        Map<String, Object> body = new HashMap<>();
        body.put("Name", "  ");
        Member<String> name = RequestBody.read("Thing", body, ACCEPTED).string("Name");

        assertThatThrownBy(name::required).isInstanceOfSatisfying(ApiException.class,
                e -> assertThat(e.code()).isEqualTo(RestErrorCode.REQUIRED_FIELD_MISSING));
    }
}
