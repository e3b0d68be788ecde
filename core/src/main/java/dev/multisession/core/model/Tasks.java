package dev.multisession.core.model;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Session tasks: steps a signed-in session must finish before the app opens to it (its status
 * is then {@link SessionStatus#PENDING}). A task is a key; the library knows three, and an app
 * may use its own.
 *
 * <pre>{@code
 * Accounts.signIn(request, response, user, Optional.empty(), List.of(Tasks.RESET_PASSWORD));
 * Tasks.requireKey("accept-terms");   // an app's own task key
 * }</pre>
 *
 * <p>A key is 1 to 40 characters: lower-case ASCII letters, digits and {@code -}, starting with a
 * letter; {@code default} is reserved (it names the default task URL's setting).
 */
public final class Tasks {
    /** Choose an organization; finished by switching the session to one. */
    public static final String CHOOSE_ORGANIZATION = "choose-organization";
    /** Reset a password (e.g. after it was found in a breach). */
    public static final String RESET_PASSWORD = "reset-password";
    /** Set up a second factor. */
    public static final String SETUP_MFA = "setup-mfa";
    /** Most tasks a session may hold at once. */
    public static final int MAX_TASKS = 8;

    private static final Pattern KEY = Pattern.compile("[a-z][a-z0-9-]{0,39}");

    private Tasks() {
    }

    /** True when {@code key} is a well-formed task key. */
    public static boolean isKey(String key) {
        return key != null && KEY.matcher(key).matches() && !key.equals("default");
    }

    /** {@code key}, or an {@link IllegalArgumentException} naming the rule. */
    public static String requireKey(String key) {
        if (!isKey(key)) {
            throw new IllegalArgumentException("a task key is 1-40 lower-case letters, digits or '-', starting with a "
                    + "letter, and not 'default' (e.g. choose-organization); got "
                    + (key == null ? "null" : "'" + printable(key) + "'"));
        }
        return key;
    }

    /** A checked copy: every key well formed, none twice, at most {@link #MAX_TASKS}. */
    static List<String> checked(List<String> tasks) {
        if (tasks == null || tasks.isEmpty()) {
            return List.of();
        }
        if (tasks.size() > MAX_TASKS) {
            throw new IllegalArgumentException("a session holds at most " + MAX_TASKS + " tasks, got " + tasks.size());
        }
        List<String> out = new ArrayList<>(tasks.size());
        for (String t : tasks) {
            requireKey(t);
            if (out.contains(t)) {
                throw new IllegalArgumentException("task '" + t + "' is listed twice");
            }
            out.add(t);
        }
        return List.copyOf(out);
    }

    /** Printable form of a bad key, for messages. */
    private static String printable(String s) {
        String cut = s.length() > 60 ? s.substring(0, 60) + "…" : s;
        return cut.replaceAll("\\p{Cntrl}", "?");
    }
}
