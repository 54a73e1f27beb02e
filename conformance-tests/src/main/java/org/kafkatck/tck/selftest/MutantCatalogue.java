package org.kafkatck.tck.selftest;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Every mutant the self-test runs, by area. To add one, append it to the area's list
 * ({@link CoreMutants}, {@link GroupMutants}, {@link AdminMutants}, {@link SecurityMutants} ...) with the public bug
 * it reproduces;
 * see docs/sharpness.md.
 */
public final class MutantCatalogue {
    private MutantCatalogue() {
    }

    /**
     * @return every mutant, in catalogue order
     * @throws IllegalStateException when two mutants share an id
     */
    public static List<Mutant> all() {
        List<Mutant> all = new ArrayList<>();
        all.addAll(CoreMutants.all());
        all.addAll(GroupMutants.all());
        all.addAll(AdminMutants.all());
        all.addAll(DepthMutants.all());
        all.addAll(EpochFetchMutants.all());
        all.addAll(LogMutants.all());
        all.addAll(ConfigMutants.all());
        all.addAll(TransactionMutants.all());
        all.addAll(TransactionCoordinatorMutants.all());
        all.addAll(TransactionDataMutants.all());
        all.addAll(RecoveryMutants.all());
        all.addAll(SecurityMutants.all());
        Set<String> ids = new HashSet<>();
        for (Mutant mutant : all) {
            if (!ids.add(mutant.id())) {
                throw new IllegalStateException("Two mutants are called " + mutant.id());
            }
        }
        return List.copyOf(all);
    }

    /**
     * @return the mutant called {@code id}
     * @throws IllegalArgumentException when the catalogue has none
     */
    public static Mutant byId(String id) {
        return all().stream().filter(m -> m.id().equals(id)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no mutant called " + id));
    }
}
