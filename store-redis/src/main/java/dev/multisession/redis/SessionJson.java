package dev.multisession.redis;

import com.nimbusds.jose.util.JSONObjectUtils;
import dev.multisession.core.model.Actor;
import dev.multisession.core.model.Organization;
import dev.multisession.core.model.Session;
import dev.multisession.core.model.SessionStatus;
import dev.multisession.core.model.User;

import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A session as the small JSON object the Redis scripts read and write with cjson:
 * {@code {"id","ix","cid","u":{"id","un"?,"em"?,"nm"?,"img"?,"attrs":{}},"st","ca","la","exp","ito"?,
 * "org"?:{"id","slug","name","role","perms":[]},"act"?:{"uid","sid"?},"tk"?:[task…],"v"}};
 * {@code st} is {@code PENDING} exactly when {@code tk} holds tasks (a live session); times and the
 * inactivity timeout in epoch milliseconds (sub-millisecond parts are dropped). Absent optional
 * values are absent fields, never JSON null. cjson writes an empty array as {@code {}}, so
 * reading accepts either for a list.
 */
final class SessionJson {
    /** Refuses absurd records rather than parsing them (a session is well under 1 KB normally). */
    private static final int MAX_CHARS = 1 << 20;

    private SessionJson() {
    }

    static String write(Session s) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("id", s.id());
        o.put("ix", s.index());
        o.put("cid", s.clientId());
        o.put("u", user(s.user()));
        o.put("st", s.status().name());
        o.put("ca", s.createdAt().toEpochMilli());
        o.put("la", s.lastActiveAt().toEpochMilli());
        o.put("exp", s.expiresAt().toEpochMilli());
        s.inactivityTimeout().ifPresent(t -> o.put("ito", t.toMillis()));
        s.activeOrganization().ifPresent(org -> o.put("org", organization(org)));
        s.actor().ifPresent(a -> {
            Map<String, Object> act = new LinkedHashMap<>();
            act.put("uid", a.userId());
            if (a.sessionId() != null) {
                act.put("sid", a.sessionId());
            }
            o.put("act", act);
        });
        if (!s.tasks().isEmpty()) {
            o.put("tk", new ArrayList<>(s.tasks()));
        }
        o.put("v", s.version());
        return JSONObjectUtils.toJSONString(o);
    }

    static String writeOrganization(Organization org) {
        return JSONObjectUtils.toJSONString(organization(org));
    }

    private static Map<String, Object> user(User u) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("id", u.id());
        u.username().ifPresent(v -> o.put("un", v));
        u.email().ifPresent(v -> o.put("em", v));
        u.name().ifPresent(v -> o.put("nm", v));
        u.imageUrl().ifPresent(v -> o.put("img", v));
        o.put("attrs", new LinkedHashMap<>(u.attributes()));
        return o;
    }

    private static Map<String, Object> organization(Organization org) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("id", org.id());
        o.put("slug", org.slug());
        o.put("name", org.name());
        o.put("role", org.role());
        o.put("perms", new ArrayList<>(org.permissions()));
        return o;
    }

    /** The session a record holds; {@link IllegalArgumentException} when it is not one. */
    static Session read(String raw) {
        try {
            Map<String, Object> o = JSONObjectUtils.parse(raw, MAX_CHARS);
            Session.Builder b = Session.builder()
                    .id(string(o, "id"))
                    .index(Math.toIntExact(number(o, "ix")))
                    .clientId(string(o, "cid"))
                    .user(readUser(object(o, "u")))
                    .status(SessionStatus.valueOf(string(o, "st")))
                    .createdAt(Instant.ofEpochMilli(number(o, "ca")))
                    .lastActiveAt(Instant.ofEpochMilli(number(o, "la")))
                    .expiresAt(Instant.ofEpochMilli(number(o, "exp")))
                    .version(number(o, "v"));
            if (o.get("ito") != null) {
                b.inactivityTimeout(Duration.ofMillis(number(o, "ito")));
            }
            if (o.get("org") != null) {
                b.activeOrganization(readOrganization(object(o, "org")));
            }
            if (o.get("tk") instanceof Collection<?> tasks) {   // cjson writes an empty array as {}: no tasks
                List<String> list = new ArrayList<>();
                for (Object t : tasks) {
                    if (!(t instanceof String task)) {
                        throw new ParseException("field tk holds a non-string", 0);
                    }
                    list.add(task);
                }
                b.tasks(list);
            }
            if (o.get("act") != null) {
                Map<String, Object> act = object(o, "act");
                b.actor(new Actor(string(act, "uid"), act.get("sid") == null ? null : string(act, "sid")));
            }
            return b.build();
        } catch (ParseException | RuntimeException e) {
            throw new IllegalArgumentException("not a session record (" + e.getClass().getSimpleName() + ")", e);
        }
    }

    private static User readUser(Map<String, Object> u) throws ParseException {
        User.Builder b = User.builder(string(u, "id"));
        if (u.get("un") != null) {
            b.username(string(u, "un"));
        }
        if (u.get("em") != null) {
            b.email(string(u, "em"));
        }
        if (u.get("nm") != null) {
            b.name(string(u, "nm"));
        }
        if (u.get("img") != null) {
            b.imageUrl(string(u, "img"));
        }
        Map<String, String> attrs = new LinkedHashMap<>();
        if (u.get("attrs") instanceof Map<?, ?> m) {
            m.forEach((k, v) -> attrs.put(String.valueOf(k), String.valueOf(v)));
        }
        return b.attributes(attrs).build();
    }

    private static Organization readOrganization(Map<String, Object> org) throws ParseException {
        Set<String> perms = new LinkedHashSet<>();
        Object p = org.get("perms");
        if (p instanceof Collection<?> c) {            // cjson writes an empty array as {}
            c.forEach(x -> perms.add(String.valueOf(x)));
        }
        return Organization.builder(string(org, "id"), string(org, "slug"))
                .name(org.get("name") == null ? null : string(org, "name"))
                .role(string(org, "role"))
                .permissions(perms)
                .build();
    }

    private static String string(Map<String, Object> o, String key) throws ParseException {
        Object v = o.get(key);
        if (!(v instanceof String s)) {
            throw new ParseException("field " + key + " is not a string", 0);
        }
        return s;
    }

    private static long number(Map<String, Object> o, String key) throws ParseException {
        Object v = o.get(key);
        if (!(v instanceof Number n)) {
            throw new ParseException("field " + key + " is not a number", 0);
        }
        double d = n.doubleValue();
        long l = n.longValue();
        if (d != (double) l && !(n instanceof Long)) {
            throw new ParseException("field " + key + " is not a whole number", 0);
        }
        return l;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> object(Map<String, Object> o, String key) throws ParseException {
        Object v = o.get(key);
        if (!(v instanceof Map<?, ?>)) {
            throw new ParseException("field " + key + " is not an object", 0);
        }
        return (Map<String, Object>) v;
    }
}
