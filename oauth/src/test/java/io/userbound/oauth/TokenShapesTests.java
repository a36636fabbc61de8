package io.userbound.oauth;

import static org.assertj.core.api.Assertions.assertThat;

import io.userbound.oauth.token.TokenShapes;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TokenShapesTests {

    @ParameterizedTest(name = "{0} -> jwt {1}, plausible {2}")
    @CsvSource(delimiter = '|', value = {
        "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln | true | true",
        "eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0. | true | true",
        "00D000000000001!abc.def.ghi | false | true",
        "00D000000000001!abcdef | false | true",
        "abc.def.ghi | false | true",
        "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0 | false | true",
        "eyJhbGciOiJSUzI1NiJ9.a.b.c | false | true",
        ".eyJzdWIiOiJ4In0.c2ln | false | true",
        "'00D000000000001!a b' | false | false"})
    void whenTokenHasAShapeThenItIsClassified(String token, boolean jwt, boolean plausible) {
        assertThat(TokenShapes.isJwt(token)).isEqualTo(jwt);
        assertThat(TokenShapes.plausible(token)).isEqualTo(plausible);
    }
}
