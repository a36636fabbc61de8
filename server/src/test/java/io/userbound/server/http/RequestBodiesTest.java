package io.userbound.server.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RequestBodiesTest {
    @Test
    void whenFormParsedThenUtf8PercentDecodingPlusAsSpaceRepeatedNamesAndBareNames() {
        Map<String, List<String>> form = RequestBodies.parseForm(
                "a=1&b=x+y%21&a=2&flag&&c=%C3%A9t%C3%A9&d=&caf\u00e9=ok".getBytes(StandardCharsets.UTF_8));

        assertThat(form.get("a")).containsExactly("1", "2");
        assertThat(form.get("b")).containsExactly("x y!");
        assertThat(form.get("flag")).containsExactly("");
        assertThat(form.get("c")).containsExactly("\u00e9t\u00e9");
        assertThat(form.get("d")).containsExactly("");
        assertThat(form.get("caf\u00e9")).containsExactly("ok");
        assertThat(form).hasSize(6);
    }

    @ParameterizedTest
    @ValueSource(strings = {"a=%", "a=%2", "a=%zz", "%g1=x", "a=b%2&c=d"})
    void whenPercentEncodingBrokenThenMalformedForm(String body) {
        assertThatThrownBy(() -> RequestBodies.parseForm(body.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(RequestBodies.MalformedFormException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"application/x-www-form-urlencoded", "application/x-www-form-urlencoded; charset=UTF-8",
            "application/x-www-form-urlencoded;charset=UTF-8", " APPLICATION/X-WWW-FORM-URLENCODED ;charset=latin1"})
    void whenContentTypeIsFormWithAnyParametersThenForm(String contentType) {
        assertThat(RequestBodies.isForm(contentType)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"application/json", "text/plain", "multipart/form-data; boundary=x",
            "application/x-www-form-urlencodedx"})
    void whenContentTypeIsNotFormThenNotForm(String contentType) {
        assertThat(RequestBodies.isForm(contentType)).isFalse();
        assertThat(RequestBodies.isForm(null)).isFalse();
    }
}
