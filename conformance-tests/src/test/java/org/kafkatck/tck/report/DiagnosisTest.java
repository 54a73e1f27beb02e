package org.kafkatck.tck.report;

import java.util.List;
import java.util.concurrent.ExecutionException;

import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

class DiagnosisTest {
    private static final SentRequest FETCH_V17 = SentRequest.of(ApiKeys.FETCH, 17);

    @Test
    void aDescribedMismatchNamesTheFieldAndBothValues() {
        Throwable failure = catchThrowable(() -> assertThat(2L).as("high watermark").isEqualTo(3L));

        Diagnosis diagnosis = Diagnosis.of(failure, FETCH_V17);

        assertThat(diagnosis).isEqualTo(new Diagnosis(FETCH_V17, "high watermark", "3", "2"));
        assertThat(diagnosis.summary()).isEqualTo("Fetch v17: high watermark expected 3 but was 2");
    }

    @Test
    void anErrorCodeMismatchReadsAsKafkaErrorNames() {
        Throwable failure = catchThrowable(() -> assertThat(Errors.NONE).as("error code of the last response")
                .isEqualTo(Errors.OFFSET_OUT_OF_RANGE));

        Diagnosis diagnosis = Diagnosis.of(failure, FETCH_V17);

        assertThat(diagnosis).isEqualTo(new Diagnosis(FETCH_V17, "error code of the last response",
                "OFFSET_OUT_OF_RANGE", "NONE"));
        assertThat(diagnosis.summary())
                .isEqualTo("Fetch v17: error code of the last response expected OFFSET_OUT_OF_RANGE but was NONE");
    }

    @Test
    void anUndescribedErrorMismatchIsAnErrorCode() {
        Throwable failure = catchThrowable(() -> assertThat(Errors.NOT_LEADER_OR_FOLLOWER)
                .isEqualTo(Errors.UNKNOWN_TOPIC_OR_PARTITION));

        assertThat(Diagnosis.of(failure, FETCH_V17)).isEqualTo(new Diagnosis(FETCH_V17, "error code",
                "UNKNOWN_TOPIC_OR_PARTITION", "NOT_LEADER_OR_FOLLOWER"));
    }

    @Test
    void aRawErrorCodeOfAnErrorFieldReadsAsItsName() {
        Throwable failure = catchThrowable(() -> assertThat((short) 0).as("partition error code")
                .isEqualTo(Errors.OFFSET_OUT_OF_RANGE.code()));

        assertThat(Diagnosis.of(failure, FETCH_V17)).isEqualTo(new Diagnosis(FETCH_V17, "partition error code",
                "OFFSET_OUT_OF_RANGE", "NONE"));
    }

    @Test
    void aSizeMismatchWithoutExpectedAndActualIsReadFromTheMessage() {
        Throwable failure = catchThrowable(() -> assertThat(List.of()).as("records read from stream").hasSize(3));

        assertThat(Diagnosis.of(failure, FETCH_V17)).isEqualTo(new Diagnosis(FETCH_V17,
                "records read from stream (size)", "3", "0"));
    }

    @Test
    void anAssertionWithoutValuesStillNamesTheField() {
        Throwable failure = catchThrowable(() -> assertThat((Object) null).as("topic id in Metadata").isNotNull());

        Diagnosis diagnosis = Diagnosis.of(failure, SentRequest.of(ApiKeys.METADATA, 12));

        assertThat(diagnosis).isEqualTo(new Diagnosis(SentRequest.of(ApiKeys.METADATA, 12), "topic id in Metadata",
                null, null));
        assertThat(diagnosis.summary()).isEqualTo("Metadata v12: topic id in Metadata");
    }

    @Test
    void aFailureThatIsNoAssertionKeepsTheRequestOnly() {
        Throwable failure = new IllegalStateException("No response from 127.0.0.1:9092 within the timeout");

        Diagnosis diagnosis = Diagnosis.of(failure, SentRequest.of(ApiKeys.PRODUCE, 13));

        assertThat(diagnosis).isEqualTo(new Diagnosis(SentRequest.of(ApiKeys.PRODUCE, 13), null, null, null));
        assertThat(diagnosis.summary()).isEqualTo("Produce v13");
        assertThat(Diagnosis.of(failure, null)).isNull();
    }

    @Test
    void anAssertionInsideAWrapperIsFound() {
        AssertionError inner = (AssertionError) catchThrowable(() -> assertThat(1).as("records").isEqualTo(2));

        assertThat(Diagnosis.of(new ExecutionException(inner), null)).isEqualTo(new Diagnosis(null, "records", "2", "1"));
        assertThat(Diagnosis.of(new ExecutionException(inner), null).summary())
                .isEqualTo("no request recorded: records expected 2 but was 1");
    }

    @Test
    void anUnknownVersionIsLeftOut() {
        SentRequest request = SentRequest.of(ApiKeys.DESCRIBE_LOG_DIRS, -1);

        assertThat(request.label()).isEqualTo("DescribeLogDirs");
        assertThat(request.toJson()).isEqualTo("{\"api\": \"DescribeLogDirs\", \"key\": 35, \"version\": null}");
        assertThat(FETCH_V17.toJson()).isEqualTo("{\"api\": \"Fetch\", \"key\": 1, \"version\": 17}");
    }

    @Test
    void anAttachedRequestReadsBack() {
        assertThat(RequestAttachment.parse(FETCH_V17.toJson().getBytes())).isEqualTo(FETCH_V17);
        assertThat(RequestAttachment.parse("{\"api\": \"Fetch\", \"key\": 1, \"version\": null}".getBytes()))
                .isEqualTo(new SentRequest("Fetch", 1, -1));
        assertThat(RequestAttachment.parse("not json".getBytes())).isNull();
    }
}
