package dev.multisession.servlet;

import jakarta.servlet.http.HttpServlet;

import java.util.Optional;

/**
 * The helper endpoints under the base path ({@code multisession.endpoints.base-path}, default
 * {@code /multisession}), each with the public servlet that serves it and that servlet's
 * registration name (docs/how-it-works.md: "Endpoints").
 */
enum Endpoint {
    SWITCH("/switch", SwitchServlet.class),
    SIGN_OUT("/sign-out", SignOutServlet.class),
    SESSIONS("/sessions", SessionsServlet.class),
    REFRESH("/refresh", RefreshServlet.class);

    private final String path;
    private final Class<? extends HttpServlet> servletClass;

    Endpoint(String path, Class<? extends HttpServlet> servletClass) {
        this.path = path;
        this.servletClass = servletClass;
    }

    /** The path below the base path, e.g. {@code /switch}. */
    String path() {
        return path;
    }

    Class<? extends HttpServlet> servletClass() {
        return servletClass;
    }

    /** The name the initializer and the web fragment's listener register the servlet under, e.g. {@code multisession-switch}. */
    String servletName() {
        return "multisession" + path.replace('/', '-');
    }

    /** The endpoint at {@code pathBelowBase} ({@code /switch}…), if it names one; exact and case-sensitive. */
    static Optional<Endpoint> at(String pathBelowBase) {
        for (Endpoint e : values()) {
            if (e.path.equals(pathBelowBase)) {
                return Optional.of(e);
            }
        }
        return Optional.empty();
    }
}
