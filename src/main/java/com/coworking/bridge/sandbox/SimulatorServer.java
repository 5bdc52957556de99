package com.coworking.bridge.sandbox;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * The small HTTP server both simulators run on (JDK's own, on loopback), with the request and answer
 * helpers they share. A simulator implements {@link #handle(Request)}.
 * <p>
 * The JDK's server sends an answer's headers and body as two writes: run it with
 * {@code -Dsun.net.httpserver.nodelay=true} (the sandbox's launcher and the tests' JVMs do), or each answer waits
 * about 40 ms for a delayed ACK.
 */
public abstract class SimulatorServer implements AutoCloseable {

    protected static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final ExecutorService workers = Executors.newFixedThreadPool(16);

    protected SimulatorServer(int port) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        server.setExecutor(workers);
        server.createContext("/", exchange -> {
            try (exchange) {
                Answer answer;
                try {
                    answer = handle(new Request(exchange));
                } catch (RuntimeException e) {
                    answer = Answer.json(500, error("internal", String.valueOf(e.getMessage())));
                }
                answer.writeTo(exchange);
            }
        });
        server.start();
    }

    protected abstract Answer handle(Request request) throws IOException;

    public int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
        workers.shutdownNow();
    }

    protected static Map<String, Object> error(String code, String message) {
        return Map.of("error", Map.of("code", code, "message", message));
    }

    /** One HTTP request: method, path segments, query and body. */
    public static final class Request {
        private final HttpExchange exchange;
        private final Map<String, String> query = new LinkedHashMap<>();
        private final byte[] body;

        Request(HttpExchange exchange) throws IOException {
            this.exchange = exchange;
            String raw = exchange.getRequestURI().getRawQuery();
            if (raw != null) {
                query.putAll(formDecode(raw));
            }
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
        }

        public String method() {
            return exchange.getRequestMethod();
        }

        public String path() {
            return exchange.getRequestURI().getPath();
        }

        /** The path as sent, percent-encoding included. */
        public String rawPath() {
            return exchange.getRequestURI().getRawPath();
        }

        public String[] segments() {
            return path().replaceAll("^/+|/+$", "").split("/");
        }

        public String query(String name) {
            return query.get(name);
        }

        public Map<String, String> query() {
            return query;
        }

        public String header(String name) {
            return exchange.getRequestHeaders().getFirst(name);
        }

        public String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }

        public JsonNode bodyJson() throws IOException {
            return body.length == 0 ? JSON.createObjectNode() : JSON.readTree(body);
        }

        public Map<String, String> form() {
            return formDecode(bodyText());
        }

        private static Map<String, String> formDecode(String raw) {
            Map<String, String> values = new LinkedHashMap<>();
            for (String pair : raw.split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                values.put(key, value);
            }
            return values;
        }
    }

    /**
     * An HTTP answer: status, optional JSON body, optional extra headers. A Content-Type given as a header is
     * sent as it is (also without a body); {@code Content-Encoding: gzip} compresses the body.
     */
    public record Answer(int status, Object body, Map<String, String> headers) {

        public static Answer json(int status, Object body) {
            return new Answer(status, body, Map.of());
        }

        public static Answer empty(int status) {
            return new Answer(status, null, Map.of());
        }

        public Answer withHeader(String name, String value) {
            Map<String, String> all = new LinkedHashMap<>(headers);
            all.put(name, value);
            return new Answer(status, body, all);
        }

        void writeTo(HttpExchange exchange) throws IOException {
            headers.forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
            if (body == null) {
                exchange.sendResponseHeaders(status, -1);
                return;
            }
            byte[] bytes = body instanceof byte[] raw ? raw : JSON.writeValueAsBytes(body);
            if (!headers.containsKey("Content-Type")) {
                exchange.getResponseHeaders().add("Content-Type", "application/json");
            }
            if ("gzip".equals(headers.get("Content-Encoding"))) {
                java.io.ByteArrayOutputStream zipped = new java.io.ByteArrayOutputStream();
                try (java.util.zip.GZIPOutputStream gzip = new java.util.zip.GZIPOutputStream(zipped)) {
                    gzip.write(bytes);
                }
                bytes = zipped.toByteArray();
            }
            exchange.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }
}
