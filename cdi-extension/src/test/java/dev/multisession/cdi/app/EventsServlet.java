package dev.multisession.cdi.app;

import jakarta.inject.Inject;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;

/** {@code GET /events}: the recorded events, one per line. */
@WebServlet("/events")
public class EventsServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Inject
    EventRecorder recorder;

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        resp.setContentType("text/plain");
        resp.getWriter().write(String.join("\n", recorder.lines()) + "\n");
    }
}
