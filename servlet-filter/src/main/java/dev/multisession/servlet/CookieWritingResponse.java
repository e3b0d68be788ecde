package dev.multisession.servlet;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;

/**
 * The response the filter hands down the chain: it sends the request's {@link CookieLedger}
 * just before the response can commit, so each cookie of the family is sent once, in its last
 * state, on every container.
 *
 * <p>The writes go out before the first byte of the body reaches the container (a write, print,
 * flush or close of its stream or writer; the container closes them itself at the end of a
 * forward), before {@link #flushBuffer}, {@link #sendRedirect} and {@link #sendError}, and at
 * the latest when the filter returns ({@link #sendCookies}). {@link #reset} clears the headers,
 * so the writes are pending again.
 *
 * <pre>{@code
 * CookieWritingResponse response = new CookieWritingResponse(containerResponse, CookieLedger.forFilter(request));
 * try { chain.doFilter(request, response); } finally { response.sendCookies(); }
 * }</pre>
 */
final class CookieWritingResponse extends HttpServletResponseWrapper {
    private final CookieLedger ledger;
    /** False once the ledger was sent through this response, until a reset; a hint that spares the ledger's lock. */
    private boolean pending = true;
    private ServletOutputStream containerStream;
    private ServletOutputStream stream;
    private PrintWriter containerWriter;
    private PrintWriter writer;

    CookieWritingResponse(HttpServletResponse response, CookieLedger ledger) {
        super(response);
        this.ledger = ledger;
        ledger.deferToCommit();
    }

    /** The ledger whose writes this response sends. */
    CookieLedger ledger() {
        return ledger;
    }

    /** Sends the collected cookie writes now, unless they were sent. */
    void sendCookies() {
        if (pending) {
            ledger.send((HttpServletResponse) getResponse());
            pending = false;
        }
    }

    @Override
    public ServletOutputStream getOutputStream() throws IOException {
        ServletOutputStream s = super.getOutputStream();
        if (s != containerStream) {
            containerStream = s;
            stream = new SendingOutputStream(s);
        }
        return stream;
    }

    @Override
    public PrintWriter getWriter() throws IOException {
        PrintWriter w = super.getWriter();
        if (w != containerWriter) {
            containerWriter = w;
            writer = new SendingWriter(w).printWriter();
        }
        return writer;
    }

    @Override
    public void flushBuffer() throws IOException {
        sendCookies();
        super.flushBuffer();
    }

    @Override
    public void sendRedirect(String location) throws IOException {
        sendCookies();
        super.sendRedirect(location);
    }

    @Override
    public void sendError(int sc) throws IOException {
        sendCookies();
        super.sendError(sc);
    }

    @Override
    public void sendError(int sc, String msg) throws IOException {
        sendCookies();
        super.sendError(sc, msg);
    }

    @Override
    public void reset() {
        super.reset();
        ledger.headersCleared();
        pending = true;
    }

    /** The container's stream, sending the cookies before anything reaches it. */
    private final class SendingOutputStream extends ServletOutputStream {
        private final ServletOutputStream out;

        SendingOutputStream(ServletOutputStream out) {
            this.out = out;
        }

        @Override
        public void write(int b) throws IOException {
            sendCookies();
            out.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            sendCookies();
            out.write(b, off, len);
        }

        /** The container's own {@code print}, rather than one {@code write} per character (every print and println ends here). */
        @Override
        public void print(String s) throws IOException {
            sendCookies();
            out.print(s);
        }

        @Override
        public void flush() throws IOException {
            sendCookies();
            out.flush();
        }

        @Override
        public void close() throws IOException {
            sendCookies();
            out.close();
        }

        @Override
        public boolean isReady() {
            return out.isReady();
        }

        @Override
        public void setWriteListener(WriteListener listener) {
            out.setWriteListener(listener);
        }
    }

    /** The container's writer, sending the cookies before anything reaches it. */
    private final class SendingWriter extends Writer {
        private final PrintWriter out;

        SendingWriter(PrintWriter out) {
            this.out = out;
        }

        /** A PrintWriter over this writer (every print, println, format and write ends here), reporting the container writer's errors too. */
        PrintWriter printWriter() {
            return new PrintWriter(this, false) {
                @Override
                public boolean checkError() {
                    return super.checkError() || SendingWriter.this.out.checkError();
                }
            };
        }

        @Override
        public void write(int c) {
            sendCookies();
            out.write(c);
        }

        @Override
        public void write(char[] buf, int off, int len) {
            sendCookies();
            out.write(buf, off, len);
        }

        @Override
        public void write(String s, int off, int len) {
            sendCookies();
            out.write(s, off, len);
        }

        @Override
        public void flush() {
            sendCookies();
            out.flush();
        }

        @Override
        public void close() {
            sendCookies();
            out.close();
        }
    }
}
