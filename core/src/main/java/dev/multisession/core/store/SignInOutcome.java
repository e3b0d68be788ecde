package dev.multisession.core.store;

import dev.multisession.core.model.Session;

import java.util.List;

/**
 * What {@link SessionStore#signIn} did.
 *
 * <pre>{@code
 * switch (store.signIn(request)) {
 *     case SignInOutcome.Created c -> c.session().index();   // and c.ended(): replaced or evicted
 *     case SignInOutcome.Refused r -> throw new TooManySessionsException(r.cap());
 * }
 * }</pre>
 */
public sealed interface SignInOutcome {

    /** The session was stored (with its index, version 0); {@code ended} lists the sessions this sign-in ended. */
    record Created(Session session, List<Session> ended) implements SignInOutcome {
        public Created {
            ended = List.copyOf(ended);
        }
    }

    /** The browser is at the cap and the policy is {@link AtCapPolicy#REFUSE}: nothing changed. */
    record Refused(int cap) implements SignInOutcome {
    }
}
