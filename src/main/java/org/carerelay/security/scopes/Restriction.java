package org.carerelay.security.scopes;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads the query after {@code ?} in a v2 scope. Only {@code %XX} is decoded: a scope is no HTML form, so {@code +}
 * is a plus sign (as in a FHIR date offset), not a space, which is why {@link java.net.URLDecoder} is not used. Any
 * part it cannot read makes the whole scope unreadable, since a restriction dropped would widen the grant.
 */
final class Restriction {

    private Restriction() {}

    static Optional<Map<String, List<String>>> parse(String query) {
        Map<String, List<String>> parameters = new LinkedHashMap<>();
        for (String pair : query.split("&", -1)) {
            int eq = pair.indexOf('=');
            if (eq <= 0 || eq == pair.length() - 1) {
                return Optional.empty();
            }
            Optional<String> name = decode(pair.substring(0, eq));
            Optional<String> value = decode(pair.substring(eq + 1));
            if (name.isEmpty() || value.isEmpty()) {
                return Optional.empty();
            }
            parameters.computeIfAbsent(name.get(), n -> new ArrayList<>()).add(value.get());
        }
        return Optional.of(Collections.unmodifiableMap(parameters));
    }

    /** Percent-decodes as UTF-8, refusing a broken escape or byte sequence rather than guessing. */
    private static Optional<String> decode(String text) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int i = 0;
        while (i < text.length()) {
            int percent = text.indexOf('%', i);
            int end = percent < 0 ? text.length() : percent;
            bytes.writeBytes(text.substring(i, end).getBytes(StandardCharsets.UTF_8));
            if (percent < 0) {
                break;
            }
            int high = percent + 2 < text.length() ? hex(text.charAt(percent + 1)) : -1;
            int low = high < 0 ? -1 : hex(text.charAt(percent + 2));
            if (low < 0) {
                return Optional.empty();
            }
            bytes.write(high * 16 + low);
            i = percent + 3;
        }
        try {
            return Optional.of(StandardCharsets.UTF_8
                    .newDecoder()
                    .decode(ByteBuffer.wrap(bytes.toByteArray()))
                    .toString());
        } catch (CharacterCodingException e) {
            return Optional.empty();
        }
    }

    /** ASCII only: {@link Character#digit} would also accept, say, Arabic-Indic digits. */
    private static int hex(char c) {
        return c < 128 ? Character.digit(c, 16) : -1;
    }
}
