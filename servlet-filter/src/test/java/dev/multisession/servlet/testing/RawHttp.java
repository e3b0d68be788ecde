package dev.multisession.servlet.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Sends a hand-written HTTP/1.1 request over a plain socket, for input that
 * {@link java.net.http.HttpClient} refuses to send (malformed percent-encoding, raw bytes in
 * headers, several headers of one name in a chosen order). Plain-HTTP apps only.
 *
 * <pre>{@code
 * RawHttp.Response r = RawHttp.send(app, "GET /app/whoami?authuser=%ZZ HTTP/1.1\r\nHost: localhost\r\n\r\n");
 * }</pre>
 */
public final class RawHttp {
    private RawHttp() {
    }

    /** One raw response: status, header lines (name: value) and body. */
    public record Response(int status, List<String> headerLines, String body) {
        /** All values of one header, case-insensitive. */
        public List<String> headers(String name) {
            List<String> values = new ArrayList<>();
            String prefix = name.toLowerCase(Locale.ROOT) + ":";
            for (String line : headerLines) {
                if (line.toLowerCase(Locale.ROOT).startsWith(prefix)) {
                    values.add(line.substring(prefix.length()).trim());
                }
            }
            return values;
        }
    }

    /**
     * A request {@code METHOD target} with the given header lines (each "Name: value", sent
     * verbatim), plus {@code Host} and {@code Connection: close}.
     */
    public static Response request(TestApp app, String method, String target, String... headerLines) {
        StringBuilder sb = new StringBuilder();
        sb.append(method).append(' ').append(target).append(" HTTP/1.1\r\n");
        sb.append("Host: localhost:").append(app.port()).append("\r\n");
        for (String h : headerLines) {
            sb.append(h).append("\r\n");
        }
        sb.append("Connection: close\r\n\r\n");
        return send(app, sb.toString().getBytes(StandardCharsets.ISO_8859_1));
    }

    /** Sends exactly these bytes and reads the response until the server closes the connection. */
    public static Response send(TestApp app, byte[] raw) {
        try (Socket socket = new Socket("127.0.0.1", app.port())) {
            socket.setSoTimeout(20_000);
            OutputStream out = socket.getOutputStream();
            out.write(raw);
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream buffer = new ByteArrayOutputStream();
            byte[] chunk = new byte[8192];
            int n;
            try {
                while ((n = in.read(chunk)) >= 0) {
                    buffer.write(chunk, 0, n);
                }
            } catch (java.net.SocketException reset) {
                // the server may reset after answering an oversized request; keep what arrived
            }
            return parse(buffer.toString(StandardCharsets.ISO_8859_1));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Response parse(String text) {
        int end = text.indexOf("\r\n\r\n");
        String head = end < 0 ? text : text.substring(0, end);
        String body = end < 0 ? "" : text.substring(end + 4);
        String[] lines = head.split("\r\n");
        if (lines.length == 0 || !lines[0].startsWith("HTTP/1.1 ")) {
            return new Response(-1, List.of(), text);
        }
        int status = Integer.parseInt(lines[0].substring(9, 12));
        List<String> headers = new ArrayList<>();
        for (int i = 1; i < lines.length; i++) {
            headers.add(lines[i]);
        }
        return new Response(status, List.copyOf(headers), body);
    }
}
