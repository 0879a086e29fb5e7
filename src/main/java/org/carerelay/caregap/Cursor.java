package org.carerelay.caregap;

import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Where a population walk stands: the stored search of its patients, how many of them were examined ({@code offset}),
 * the size of the batch the walk reads next, and the examined patients beyond the last page that have a report or a
 * failure ({@code pending}, their positions in the search, ascending). A page evaluates the whole batch it loaded, so
 * the next page reads again only the pending patients, never those already found to have no gap.
 *
 * <p>Written {@code search.offset}, {@code search.offset.batch} or {@code search.offset.batch.p1_p2_…}; a batch of 0
 * (or none) is the page's size, up to {@value CareGapService#BATCH}.
 */
record Cursor(String search, int offset, int batch, List<Integer> pending) {

    Cursor {
        pending = List.copyOf(pending);
    }

    /** The start of a walk over a stored search, reading batches of {@code batch} patients to begin with. */
    static Cursor start(String search, int batch) {
        return new Cursor(search, 0, batch, List.of());
    }

    static Cursor parse(String value) {
        try {
            String[] parts = value.split("\\.", -1);
            if (parts.length >= 2 && parts.length <= 4 && !parts[0].isEmpty()) {
                int offset = Integer.parseInt(parts[1]);
                int batch = parts.length > 2 ? Integer.parseInt(parts[2]) : 0;
                List<Integer> pending = new ArrayList<>();
                if (parts.length > 3) {
                    for (String position : parts[3].split("_", -1)) {
                        pending.add(Integer.parseInt(position));
                    }
                }
                Cursor cursor = new Cursor(parts[0], offset, batch, pending);
                if (cursor.valid()) {
                    return cursor;
                }
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw notACursor(value);
    }

    /** Pending patients lie before the offset, in ascending order, and come from one batch at most. */
    private boolean valid() {
        if (offset < 0 || batch < 0 || batch > CareGapService.BATCH || pending.size() > CareGapService.BATCH) {
            return false;
        }
        int previous = -1;
        for (int position : pending) {
            if (position <= previous || position >= offset) {
                return false;
            }
            previous = position;
        }
        return pending.isEmpty() || offset - pending.get(0) <= CareGapService.BATCH;
    }

    static InvalidRequestException notACursor(String value) {
        return GapQuery.invalid("_cursor '" + value + "' is not a cursor of this server; take the next link of the"
                + " previous page as it is");
    }

    @Override
    public String toString() {
        // as a client may have written it: without a batch when none was given
        String written = search + "." + offset + (batch > 0 || !pending.isEmpty() ? "." + batch : "");
        if (pending.isEmpty()) {
            return written;
        }
        return written + "." + pending.stream().map(String::valueOf).collect(Collectors.joining("_"));
    }
}
