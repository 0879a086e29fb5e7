package org.carerelay.security.scopes;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Parsing is total: whatever an authorization server sends, every distinct scope lands in exactly one of
 * {@code grants()} and {@code other()}, and nothing throws. Scopes are assembled slot by slot from right and nearly
 * right pieces, so that near misses (the interesting inputs) are common. jqwik is not on this build's classpath; a
 * fixed seed keeps a failure reproducible.
 */
class ScopesTotalityTest {

    /** Per slot of a resource scope: pieces that belong there, then pieces that do not. */
    private static final String[][][] SLOTS = {
        {{"patient", "user", "system"}, {"Patient", "launch", "*", ""}},
        {{"/"}, {"//", ""}},
        {{"Observation", "*"}, {"observation", "O", "Observation2", ""}},
        {{"."}, {"", ".."}},
        {{"rs", "r", "cud", "cruds", "read", "write", "*"}, {"sr", "rr", "x", ""}},
        {{"", "?category=laboratory", "?a=b&a=c", "?code=%7Cx", "?d=ge1+02"}, {"?", "?code=%C3", "?=x", "?a=", "?a=b&"}}
    };

    private static final String[] SEPARATORS = {" ", "  ", "\t", " \n "};

    @Test
    void everyScopeIsEitherAGrantOrOther() {
        Random random = new Random(20250101);
        int grants = 0;
        int others = 0;
        for (int run = 0; run < 2000; run++) {
            String claim = claim(random);

            Scopes scopes = Scopes.parse(claim);

            List<String> parsed =
                    new ArrayList<>(scopes.grants().stream().map(Scope::text).toList());
            parsed.addAll(scopes.other());
            Set<String> tokens = new LinkedHashSet<>(Stream.of(claim.split("\\s+"))
                    .filter(token -> !token.isEmpty())
                    .toList());
            assertThat(parsed).as(claim).containsExactlyInAnyOrderElementsOf(tokens);
            grants += scopes.grants().size();
            others += scopes.other().size();
        }
        // Both outcomes must be common, or the test proves little.
        assertThat(grants).as("grants generated").isGreaterThan(500);
        assertThat(others).as("others generated").isGreaterThan(500);
    }

    private static String claim(Random random) {
        StringBuilder claim = new StringBuilder();
        for (int scope = random.nextInt(6); scope > 0; scope--) {
            claim.append(SEPARATORS[random.nextInt(SEPARATORS.length)]);
            for (String[][] slot : SLOTS) {
                String[] pieces = slot[random.nextInt(5) == 0 ? 1 : 0];
                claim.append(pieces[random.nextInt(pieces.length)]);
            }
        }
        return claim.toString();
    }
}
