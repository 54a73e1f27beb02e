package org.kafkatck.tck.report;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.kafka.common.protocol.Errors;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.ValueWrapper;

/**
 * What a vendor needs to act on a failed scenario: the request that was answered wrongly and the field
 * or error code that differed from the spec's expectation.
 *
 * @param request  the last request the scenario sent before its failing step, or the one that step sent;
 *                 {@code null} when it sent none the TCK could see
 * @param field    what was checked, as the step describes it (AssertJ's {@code as(...)}), e.g.
 *                 {@code high watermark}; {@code null} when the failure names none
 * @param expected the value the spec expects ({@code OFFSET_OUT_OF_RANGE} for an error code); {@code null}
 *                 when the failure does not say
 * @param actual   the value the target gave ({@code NONE}); {@code null} when the failure does not say
 */
public record Diagnosis(SentRequest request, String field, String expected, String actual) {
    /** Longer values (a whole record list) are cut: the failure message in the report has them all. */
    static final int MAX_VALUE_LENGTH = 200;
    /** AssertJ's hasSize: "Expected size: 3 but was: 0 in:". */
    private static final Pattern SIZE = Pattern.compile("Expected size: ?(\\S+) but was: ?(\\S+)");
    /** AssertJ's isTrue / isFalse: "Expecting value to be true but was false". */
    /** AssertJ prints 3L, 1.5f, (short) 1, (byte) 1. */
    private static final Pattern NUMBER_LITERAL = Pattern.compile("(?:\\((?:short|byte)\\) )?(-?[0-9][0-9.]*)[LlFfDd]?");
    private static final Pattern BOOLEAN = Pattern.compile("Expecting value to be (true|false) but was (true|false)");

    /**
     * Reads the diagnosis out of a scenario's failure.
     *
     * @param failure the failing step's error, or {@code null}
     * @param request the request the scenario's trail ends with, or {@code null}
     * @return the diagnosis, or {@code null} when there is neither a request nor an assertion to report
     */
    public static Diagnosis of(Throwable failure, SentRequest request) {
        AssertionError assertion = assertionIn(failure);
        if (assertion == null) {
            return request == null ? null : new Diagnosis(request, null, null, null);
        }
        String message = assertion.getMessage() == null ? "" : assertion.getMessage();
        String field = description(message);
        String expected = null;
        String actual = null;
        if (assertion instanceof AssertionFailedError failed && failed.isExpectedDefined() && failed.isActualDefined()) {
            // AssertJ hands over its printed representations (3L, NONE), not the values themselves
            expected = plain(failed.getExpected());
            actual = plain(failed.getActual());
            boolean errorNames = isErrorName(expected) && isErrorName(actual);
            if (!errorNames && field != null && field.toLowerCase(Locale.ROOT).contains("error")) {
                expected = errorName(expected);
                actual = errorName(actual);
            }
            if (field == null && errorNames) {
                field = "error code";
            }
        } else {
            Matcher size = SIZE.matcher(message);
            Matcher bool = BOOLEAN.matcher(message);
            if (size.find()) {
                field = field == null ? "size" : field + " (size)";
                expected = size.group(1);
                actual = size.group(2);
            } else if (bool.find()) {
                expected = bool.group(1);
                actual = bool.group(2);
            }
        }
        if (request == null && field == null && expected == null) {
            return null;
        }
        return new Diagnosis(request, field, expected, actual);
    }

    /** @return e.g. {@code Fetch v17: high watermark expected 3 but was 0}, for the console */
    public String summary() {
        StringBuilder out = new StringBuilder(request == null ? "no request recorded" : request.label());
        if (field != null || expected != null) {
            out.append(':');
        }
        if (field != null) {
            out.append(' ').append(field);
        }
        if (expected != null) {
            out.append(" expected ").append(expected).append(" but was ").append(actual);
        }
        return out.toString();
    }

    /** A step may fail through a wrapper (an ExecutionException of a client call); the assertion is inside. */
    private static AssertionError assertionIn(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof AssertionError assertion) {
                return assertion;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return null;
    }

    /** AssertJ starts a described assertion's message with {@code [description] }. */
    static String description(String message) {
        if (!message.startsWith("[")) {
            return null;
        }
        int end = message.indexOf("] \n");
        if (end < 0) {
            end = message.indexOf("] ");
        }
        if (end < 0) {
            return null;
        }
        String description = message.substring(1, end).strip();
        int newline = description.indexOf('\n');
        return cut(newline < 0 ? description : description.substring(0, newline));
    }

    /** A value as AssertJ printed it, without Java's literal decorations ({@code 3L}, {@code (short) 1}). */
    private static String plain(ValueWrapper value) {
        Object raw = value.getValue();
        String shown = raw instanceof CharSequence || raw == null ? String.valueOf(raw)
                : raw instanceof Number || raw instanceof Boolean || raw instanceof Enum<?> ? raw.toString()
                : value.getStringRepresentation();
        Matcher number = NUMBER_LITERAL.matcher(shown);
        return cut(number.matches() ? number.group(1) : shown);
    }

    private static boolean isErrorName(String value) {
        try {
            Errors.valueOf(value);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** A number checked as an error code (an INT16 on the wire) reads as its Kafka name. */
    private static String errorName(String value) {
        try {
            short code = Short.parseShort(value);
            Errors error = Errors.forCode(code);
            return error.code() == code ? error.name() : value;
        } catch (NumberFormatException e) {
            return value;
        }
    }

    private static String cut(String text) {
        return text.length() <= MAX_VALUE_LENGTH ? text : text.substring(0, MAX_VALUE_LENGTH - 1) + "…";
    }
}
