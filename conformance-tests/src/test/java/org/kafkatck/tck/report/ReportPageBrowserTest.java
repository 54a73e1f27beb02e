package org.kafkatck.tck.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Opens report.html in a real browser, Debian's headless chromium, and reads back the DOM it built: the
 * page must show the verdict, the profile table and a failed scenario with its id, reason and diagnosis.
 * A missing browser fails the test (CI installs it with .ci/install-clients); it is never skipped.
 */
class ReportPageBrowserTest {
    /** Where Debian installs chromium; {@code -Dtck.chromium=...} names another. */
    private static final String CHROMIUM = System.getProperty("tck.chromium", "/usr/bin/chromium");

    @Test
    void aBrowserShowsTheVerdictTheProfilesAndAFailedScenario(@TempDir Path dir) throws Exception {
        ReportPage.write(dir, ReportPageTest.failingReportJson());

        String dom = renderedDom(dir.resolve("report.html"), dir.resolve("profile"));

        assertThat(dom).contains("<div id=\"verdict\" class=\"verdict v-not-compatible\">NOT COMPATIBLE</div>")
                .contains("<title>Kafka TCK: NOT COMPATIBLE — reference broker &lt;in-process&gt; &amp; \"friends\"</title>")
                .contains("<tr><td>core</td><td class=\"n\">1/2</td><td class=\"n\">0/0</td>"
                        + "<td class=\"v-not-compatible\">NOT COMPATIBLE</td></tr>")
                .contains("<tr id=\"fetch-feature-79\" class=\"failed\"><td class=\"id\"><code>FETCH-011</code></td>")
                .contains("<summary class=\"reason\">[error code of the last response] expected: OFFSET_OUT_OF_RANGE but was:"
                        + " NONE</summary>")
                .contains("expected <code>OFFSET_OUT_OF_RANGE</code> but was <code>NONE</code>")
                .as("the escaped scenario name stays text: the browser ran no script from it")
                .contains("A record &lt;script&gt;alert(1)&lt;/script&gt; is acknowledged");
    }

    /** @return the DOM chromium built from {@code page}, serialized */
    private static String renderedDom(Path page, Path profile) throws IOException, InterruptedException {
        assertThat(Path.of(CHROMIUM)).as("chromium, the browser this test renders report.html in (Debian package"
                + " 'chromium'; .ci/install-clients installs it)").isExecutable();
        Path out = Files.createTempFile("report-dom", ".html");
        // --no-sandbox: CI and this container run as root, where chromium's sandbox refuses to start
        Process browser = new ProcessBuilder(List.of(CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-dev-shm-usage", "--no-first-run", "--user-data-dir=" + profile, "--dump-dom",
                page.toUri().toString()))
                .redirectOutput(out.toFile())
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        try {
            assertThat(browser.waitFor(60, TimeUnit.SECONDS)).as("chromium rendered the page within 60 s").isTrue();
            assertThat(browser.exitValue()).as("chromium's exit code").isZero();
            return Files.readString(out, StandardCharsets.UTF_8);
        } finally {
            browser.destroyForcibly();
            Files.deleteIfExists(out);
        }
    }
}
