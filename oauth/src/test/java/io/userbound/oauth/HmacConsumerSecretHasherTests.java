package io.userbound.oauth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.userbound.oauth.clientauth.HmacConsumerSecretHasher;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class HmacConsumerSecretHasherTests {
    private final HmacConsumerSecretHasher hasher =
            new HmacConsumerSecretHasher("0123456789abcdef-pepper".getBytes(StandardCharsets.UTF_8));

    @Test
    void whenSecretIsHashedThenLowerHexHmacThatMatchesOnlyItself() {
        String hash = hasher.hash("s3cret");

        assertThat(hash).hasSize(64).matches("[0-9a-f]{64}");
        assertThat(hasher.matches("s3cret", hash)).isTrue();
        assertThat(hasher.matches("s3cret", hash.toUpperCase())).isTrue();
        assertThat(hasher.matches("s3cre", hash)).isFalse();
        assertThat(hasher.matches("", hash)).isFalse();
        assertThat(hasher.matches("s3cret", null)).isFalse();
    }

    @Test
    void whenPepperDiffersThenHashDiffers() {
        HmacConsumerSecretHasher other =
                new HmacConsumerSecretHasher("another-pepper-0123".getBytes(StandardCharsets.UTF_8));

        assertThat(other.hash("s3cret")).isNotEqualTo(hasher.hash("s3cret"));
        assertThat(other.matches("s3cret", hasher.hash("s3cret"))).isFalse();
    }

    @Test
    void whenPepperIsShortThenRefused() {
        assertThatThrownBy(() -> new HmacConsumerSecretHasher(new byte[8]))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
