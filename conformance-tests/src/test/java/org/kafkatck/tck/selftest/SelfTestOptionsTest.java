package org.kafkatck.tck.selftest;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The self-test's command line: the documented options, defaults and one-line errors. */
class SelfTestOptionsTest {

    @Test
    void defaults() {
        SelfTestOptions options = SelfTestOptions.parse();
        assertThat(options.mutants()).isEmpty();
        assertThat(options.list()).isFalse();
        assertThat(options.reportDir()).isEqualTo(Path.of("tck-report", "self-test"));
        assertThat(options.threads()).isEqualTo(8);
        assertThat(options.jobs()).isEqualTo(3);
        assertThat(options.worker()).isNull();
    }

    @Test
    void mutantIsRepeatable() {
        SelfTestOptions options = SelfTestOptions.parse("--mutant", "b", "--mutant", "a", "--threads", "2",
                "--report-dir", "out", "--list");
        assertThat(options.mutants()).containsExactly("b", "a");
        assertThat(options.threads()).isEqualTo(2);
        assertThat(options.reportDir()).isEqualTo(Path.of("out"));
        assertThat(options.list()).isTrue();
    }

    @Test
    void badOptionsAreOneLineMessages() {
        assertThatThrownBy(() -> SelfTestOptions.parse("--threads", "x"))
                .hasMessage("self-test: Invalid value for option '--threads': 'x' is not an int (see --help)");
        assertThatThrownBy(() -> SelfTestOptions.parse("--threads", "0"))
                .hasMessage("self-test: --threads must be positive, got 0");
        assertThatThrownBy(() -> SelfTestOptions.parse("--jobs", "0"))
                .hasMessage("self-test: --jobs must be positive, got 0");
        assertThatThrownBy(() -> SelfTestOptions.parse("--bogus"))
                .hasMessage("self-test: Unknown option: '--bogus' (see --help)");
        assertThat(SelfTest.run(new String[] {"--mutant"})).isEqualTo(2);
    }

    @Test
    void help() {
        assertThat(SelfTestOptions.parse("-h").help()).isTrue();
        assertThat(SelfTestOptions.usage())
                .startsWith("Usage: java -jar kafka-tck.jar self-test [--mutant ID]... [--report-dir DIR] [--threads N] [--jobs N] [--list]\n")
                .contains("(mutation score 100%); 1 otherwise")
                .contains("      --mutant=ID        run only this mutant (repeatable)\n");
        assertThat(SelfTest.run(new String[] {"--help"})).isZero();
    }
}
