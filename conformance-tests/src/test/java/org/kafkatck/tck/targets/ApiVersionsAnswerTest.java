package org.kafkatck.tck.targets;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The explanation of a malformed ApiVersions answer stays one bounded line, however big the answer. */
class ApiVersionsAnswerTest {

    @Test
    void onlyTheFirstBytesAreShown() {
        byte[] big = new byte[1000];
        big[0] = (byte) 0xab;
        assertThat(ApiVersionsAnswer.hex(big))
                .isEqualTo("ab 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 ...");
        assertThat(ApiVersionsAnswer.hex(new byte[] {1, 2})).isEqualTo("01 02");
        assertThat(ApiVersionsAnswer.hex(new byte[0])).isEqualTo("no bytes");
    }

    @Test
    void aResponseTooShortForAnErrorCodeIsExplained() {
        ApiVersionsAnswer answer = ApiVersionsAnswer.read((short) 3, 1, new byte[] {0, 0, 0, 1, 0});
        assertThat(answer.valid()).isFalse();
        assertThat(answer.diagnosis()).isEqualTo("malformed answer to ApiVersions v3: the response is too short to"
                + " hold a correlation id and an error code. Response: 5 byte(s) after the size prefix, 00 00 00 01 00;"
                + " correlation id 1 (matches the request). " + ApiVersionsAnswer.KIP_511);
    }
}
