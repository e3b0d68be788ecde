package dev.multisession.cdi;

import dev.multisession.core.model.Session;

import java.util.Iterator;
import java.util.List;
import java.util.Optional;

/**
 * This browser's signed-in sessions, ordered by their {@code authuser} index, for an account
 * switcher. Request-scoped; empty when the browser has none.
 *
 * <pre>{@code
 * @Inject SignedInSessions sessions;
 *
 * for (Session s : sessions) {
 *     boolean current = sessions.active().map(a -> a.id().equals(s.id())).orElse(false);
 *     menu.add(s.user().name().orElse(s.userId()), "?authuser=" + s.index(), current);
 * }
 * }</pre>
 */
public interface SignedInSessions extends Iterable<Session> {

    /** Every signed-in session of this browser, by index; unmodifiable. */
    List<Session> all();

    /** The session this request uses, when signed in. */
    Optional<Session> active();

    /** The session holding {@code authuser} index {@code index}, if any. */
    default Optional<Session> byIndex(int index) {
        return all().stream().filter(s -> s.index() == index).findFirst();
    }

    default boolean isEmpty() {
        return all().isEmpty();
    }

    @Override
    default Iterator<Session> iterator() {
        return all().iterator();
    }
}
