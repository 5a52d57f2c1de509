package dev.dropuser.drop;

import dev.dropuser.result.DropuserException;
import java.util.regex.Pattern;

/** The one rule for room and client ids (CONTRACT §2). */
public final class Identifiers {
    public static final Pattern PATTERN = Pattern.compile("[A-Za-z0-9_.:-]{1,128}");

    private Identifiers() {
    }

    public static boolean isValid(String id) {
        return id != null && PATTERN.matcher(id).matches();
    }

    /** Returns {@code id}, or refuses the request naming {@code field}. */
    public static String require(String field, String id) {
        if (!isValid(id)) {
            throw DropuserException.invalidRequest(field + " must match ^" + PATTERN.pattern() + "$");
        }
        return id;
    }
}
