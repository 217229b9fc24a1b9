package dev.edgedeploy.sandbox.cloudwatch;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The parameters of an AWS Query request ({@code Action=…&Version=…&AlarmNames.member.1=…}) with the flattened
 * lists and structures the SDK's query marshaller writes, read back as strings, numbers, lists and nested
 * structures.
 */
final class QueryRequest {

    private final Map<String, String> parameters;

    private QueryRequest(Map<String, String> parameters) {
        this.parameters = parameters;
    }

    /** Decodes an {@code application/x-www-form-urlencoded} body (or query string); later duplicates win. */
    static QueryRequest parse(String form) {
        Map<String, String> parameters = new LinkedHashMap<>();
        if (form != null && !form.isEmpty()) {
            for (String pair : form.split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int equals = pair.indexOf('=');
                String name = decode(equals < 0 ? pair : pair.substring(0, equals));
                String value = equals < 0 ? "" : decode(pair.substring(equals + 1));
                parameters.put(name, value);
            }
        }
        return new QueryRequest(parameters);
    }

    QueryRequest merge(QueryRequest other) {
        Map<String, String> merged = new LinkedHashMap<>(parameters);
        merged.putAll(other.parameters);
        return new QueryRequest(merged);
    }

    String string(String name) {
        return parameters.get(name);
    }

    boolean has(String name) {
        return parameters.containsKey(name) || parameters.keySet().stream().anyMatch(key -> key.startsWith(name + "."));
    }

    Integer integer(String name, String member) {
        String value = parameters.get(name);
        if (value == null) {
            return null;
        }
        try {
            return Integer.valueOf(value.trim());
        } catch (NumberFormatException e) {
            throw CloudWatchError.validation(List.of("Value '" + value + "' at '" + member
                    + "' failed to satisfy constraint: Member must be an integer"));
        }
    }

    Double decimal(String name, String member) {
        String value = parameters.get(name);
        if (value == null) {
            return null;
        }
        try {
            return Double.valueOf(value.trim());
        } catch (NumberFormatException e) {
            throw CloudWatchError.invalidParameterValue("The value " + value + " for parameter " + name
                    + " is invalid.");
        }
    }

    Boolean bool(String name) {
        String value = parameters.get(name);
        if (value == null) {
            return null;
        }
        if (!value.equalsIgnoreCase("true") && !value.equalsIgnoreCase("false")) {
            throw CloudWatchError.invalidParameterValue("The value " + value + " for parameter " + name
                    + " is invalid.");
        }
        return Boolean.valueOf(value);
    }

    Instant timestamp(String name) {
        String value = parameters.get(name);
        if (value == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            try {
                return Instant.parse(value);
            } catch (DateTimeParseException again) {
                throw CloudWatchError.invalidParameterValue("The parameter " + name + " must be a valid timestamp.");
            }
        }
    }

    /** The members of a flattened list of strings, {@code Name.member.1}, {@code Name.member.2}, … in index order. */
    List<String> strings(String list) {
        List<String> values = new ArrayList<>();
        members(list).forEach((index, request) -> values.add(request.string("")));
        return values;
    }

    /** The members of a flattened list of structures, each as its own request with the member prefix removed. */
    List<QueryRequest> structures(String list) {
        return new ArrayList<>(members(list).values());
    }

    /** A nested structure ({@code Name.Field}) as its own request, or null when none of its fields were sent. */
    QueryRequest structure(String name) {
        String prefix = name + ".";
        Map<String, String> nested = new LinkedHashMap<>();
        parameters.forEach((key, value) -> {
            if (key.startsWith(prefix)) {
                nested.put(key.substring(prefix.length()), value);
            }
        });
        return nested.isEmpty() ? null : new QueryRequest(nested);
    }

    private TreeMap<Integer, QueryRequest> members(String list) {
        String prefix = list + ".member.";
        TreeMap<Integer, Map<String, String>> byIndex = new TreeMap<>();
        parameters.forEach((key, value) -> {
            if (!key.startsWith(prefix)) {
                return;
            }
            String rest = key.substring(prefix.length());
            int dot = rest.indexOf('.');
            String index = dot < 0 ? rest : rest.substring(0, dot);
            int position;
            try {
                position = Integer.parseInt(index);
            } catch (NumberFormatException e) {
                throw CloudWatchError.invalidParameterValue("The parameter " + key + " is not a valid list member.");
            }
            byIndex.computeIfAbsent(position, ignored -> new LinkedHashMap<>())
                    .put(dot < 0 ? "" : rest.substring(dot + 1), value);
        });
        TreeMap<Integer, QueryRequest> members = new TreeMap<>();
        byIndex.forEach((index, fields) -> members.put(index, new QueryRequest(fields)));
        return members;
    }

    private static String decode(String text) {
        return URLDecoder.decode(text, StandardCharsets.UTF_8);
    }
}
