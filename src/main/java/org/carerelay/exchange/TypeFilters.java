package org.carerelay.exchange;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The {@code _typeFilter} values of an export, checked before the job starts: each must be a search of a known type
 * ({@code Type?param=value}) among the exported ones. HAPI would otherwise ignore a malformed one and export more than
 * was asked. Whether its parameters exist is left to the job, whose failure the manifest reports.
 */
final class TypeFilters {

    /** How HAPI splits one value into several filters: at a comma that starts another {@code Type?}. */
    private static final Pattern SPLIT = Pattern.compile("(?:,)(?=[A-Z][a-z]+\\?)");

    private static final Pattern FILTER = Pattern.compile("([A-Za-z]+)\\?.*\\S.*");

    private TypeFilters() {}

    /**
     * What is wrong with the filters, one message each; empty when nothing is.
     *
     * @param exported the {@code _type} list, empty when every type is exported
     */
    static List<String> problems(List<String> values, Collection<String> knownTypes, Collection<String> exported) {
        List<String> problems = new ArrayList<>();
        for (String value : values) {
            for (String filter : SPLIT.split(value)) {
                var match = FILTER.matcher(filter.strip());
                if (!match.matches()) {
                    problems.add("_typeFilter " + filter + " is not a search (Type?parameter=value)");
                } else if (!knownTypes.contains(match.group(1))) {
                    problems.add("_typeFilter " + filter + " names an unknown resource type " + match.group(1));
                } else if (!exported.isEmpty() && !exported.contains(match.group(1))) {
                    problems.add(
                            "_typeFilter " + filter + " filters " + match.group(1) + ", which _type does not export");
                }
            }
        }
        return problems;
    }
}
