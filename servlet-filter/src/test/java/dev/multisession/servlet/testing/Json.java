package dev.multisession.servlet.testing;

import com.nimbusds.jose.util.JSONObjectUtils;

import java.text.ParseException;
import java.util.List;
import java.util.Map;

/** Reads JSON response bodies in tests (Nimbus' bundled parser, already on the classpath). */
public final class Json {
    private Json() {
    }

    public static Map<String, Object> object(String body) {
        try {
            return JSONObjectUtils.parse(body);
        } catch (ParseException e) {
            throw new AssertionError("not a JSON object: " + body.substring(0, Math.min(200, body.length())), e);
        }
    }

    @SuppressWarnings("unchecked")
    public static Map<String, Object> object(Object value) {
        return (Map<String, Object>) value;
    }

    @SuppressWarnings("unchecked")
    public static List<Object> list(Object value) {
        return (List<Object>) value;
    }
}
