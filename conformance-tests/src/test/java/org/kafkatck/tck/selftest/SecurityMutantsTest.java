package org.kafkatck.tck.selftest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import io.cucumber.gherkin.GherkinParser;
import io.cucumber.messages.types.Envelope;
import io.cucumber.messages.types.PickleTag;
import io.cucumber.tagexpressions.Expression;
import io.cucumber.tagexpressions.TagExpressionParser;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The security mutants run on a secured broker and are judged by @must scenarios of the security profile. */
class SecurityMutantsTest {
    private static final Path FEATURES = Path.of("..", "features").toAbsolutePath().normalize();

    @Test
    void securityMutantsAreSecuredAndTheOthersAreNot() {
        assertThat(SecurityMutants.all()).hasSize(30).allSatisfy(m -> {
            assertThat(m.secured()).as("%s is secured", m.id()).isTrue();
            assertThat(m.selection()).as("scenarios judging %s", m.id()).startsWith("@security and (");
        });
        assertThat(MutantCatalogue.all()).filteredOn(Mutant::secured).hasSize(30);
        assertThat(MutantCatalogue.byId("produce-ignores-acls").selection()).isEqualTo("@security and (@api:Produce)");
        assertThat(MutantCatalogue.byId("prefixed-acl-stored-literal").selection())
                .isEqualTo("@security and (@api:CreateAcls or @id:SEC-019)");
    }

    @Test
    void everySecurityMutantIsJudgedBySomeMustScenarioOfTheProfile() throws IOException {
        List<List<String>> mustScenarios = securityMustScenarioTags();
        assertThat(mustScenarios).isNotEmpty();
        for (Mutant mutant : SecurityMutants.all()) {
            Expression selection = TagExpressionParser.parse(SelfTest.selection(List.of(mutant)));
            assertThat(mustScenarios).as("@must scenarios selected by %s", mutant.selection())
                    .anySatisfy(tags -> assertThat(selection.evaluate(tags)).isTrue());
        }
    }

    /** The tags of every @must scenario (and Examples row) under features/security. */
    private static List<List<String>> securityMustScenarioTags() throws IOException {
        List<Path> features;
        try (Stream<Path> files = Files.walk(FEATURES.resolve("security"))) {
            features = files.filter(p -> p.toString().endsWith(".feature")).sorted().toList();
        }
        GherkinParser parser = GherkinParser.builder().includeSource(false).includeGherkinDocument(false)
                .includePickles(true).build();
        List<List<String>> tags = new ArrayList<>();
        for (Path feature : features) {
            try (Stream<Envelope> envelopes = parser.parse(feature)) {
                envelopes.forEach(e -> e.getPickle().ifPresent(p -> {
                    List<String> names = p.getTags().stream().map(PickleTag::getName).toList();
                    if (names.contains("@must")) {
                        tags.add(names);
                    }
                }));
            }
        }
        return tags;
    }
}
