package org.kafkatck.tck.report;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** Cucumber's junit.xml gets each scenario's assertion id, for plain scenarios and outline rows alike. */
class JUnitXmlIdsTest {

    @TempDir
    Path dir;

    @Test
    void eachTestCaseIsPrefixedWithItsIdAndCarriesItAsAProperty() throws Exception {
        Path xml = dir.resolve("junit.xml");
        Files.writeString(xml, """
                <?xml version="1.0" encoding="UTF-8"?>
                <testsuite name="Cucumber" tests="3"><testcase classname="F" name="Acks are kept" time="0.1"/>\
                <testcase classname="F" name="Fetch v&lt;v&gt; works - #1.2: Fetch v4 works" time="0.2"><failure/></testcase>\
                <testcase classname="F" name="Not in the report" time="0.3"/></testsuite>
                """, StandardCharsets.UTF_8);
        JUnitXmlIds.addIds(xml, List.of(
                result("Acks are kept", "@id:PRODUCE-001"),
                result("Fetch v4 works", "@id:FETCH-002")));
        String rewritten = Files.readString(xml, StandardCharsets.UTF_8);
        assertThat(rewritten)
                .contains("<testcase classname=\"F\" name=\"PRODUCE-001 — Acks are kept\" time=\"0.1\"><properties>"
                        + "<property name=\"id\" value=\"PRODUCE-001\"/></properties></testcase>")
                .contains("<testcase classname=\"F\" name=\"FETCH-002 — Fetch v&lt;v&gt; works - #1.2: Fetch v4 works\" "
                        + "time=\"0.2\"><properties><property name=\"id\" value=\"FETCH-002\"/></properties><failure/>")
                .contains("<testcase classname=\"F\" name=\"Not in the report\" time=\"0.3\"/>");
    }

    private static ScenarioResult result(String name, String idTag) {
        return new ScenarioResult("f.feature", name, 1, List.of("@must", idTag), ScenarioResult.Status.PASSED, "", 1);
    }
}
