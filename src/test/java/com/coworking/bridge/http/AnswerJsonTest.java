package com.coworking.bridge.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.coworking.bridge.http.HttpCalls.UnreadableAnswer;

/** How an answer's body is read, through camel-http from a server on loopback: what the server declares, not what we expect. */
class AnswerJsonTest {

    private HttpServer server;
    private volatile String contentType;
    private volatile byte[] body;
    private CamelContext camel;
    private ProducerTemplate template;

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            if (contentType != null) {
                exchange.getResponseHeaders().add("Content-Type", contentType);
            }
            exchange.sendResponseHeaders(200, body.length == 0 ? -1 : body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        camel = new DefaultCamelContext();
        camel.getRegistry().bind("httpCalls", new HttpCalls());
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:call").to("http://127.0.0.1:" + server.getAddress().getPort() + "/answer")
                        .to("bean:httpCalls?method=answerJson");
            }
        });
        camel.start();
        template = camel.createProducerTemplate();
    }

    @AfterEach
    void stop() {
        camel.stop();
        server.stop(0);
    }

    private Exchange answer(String type, String text, Charset charset) {
        contentType = type;
        body = text.getBytes(charset);
        return template.send("direct:call", exchange -> { });
    }

    @Test
    void utf8IsReadWhetherOrNotTheAnswerNamesIt() {
        for (String type : new String[] {null, "application/json", "application/json; charset=UTF-8", "application/json;charset=utf-8"}) {
            Exchange read = answer(type, "{\"user\": {\"name\": \"Zoë Ørsted 山田\"}}", StandardCharsets.UTF_8);

            assertThat(read.getException()).as(type).isNull();
            assertThat(read.getMessage().getBody(JsonNode.class).path("user").path("name").asText()).as(type).isEqualTo("Zoë Ørsted 山田");
        }
    }

    @Test
    void anAnswerInAnotherCharsetIsReadInTheCharsetItNames() {
        Exchange read = answer("application/json; charset=ISO-8859-1", "{\"name\": \"Zoë Müller\"}", StandardCharsets.ISO_8859_1);

        assertThat(read.getException()).isNull();
        assertThat(read.getMessage().getBody(JsonNode.class).path("name").asText()).isEqualTo("Zoë Müller");
    }

    @Test
    void anEmptyOrBlankBodyIsNeverParsed() {
        for (String text : new String[] {"", " \r\n\t "}) {
            Exchange read = answer("application/json", text, StandardCharsets.UTF_8);

            assertThat(read.getException()).isNull();
            assertThat(read.getMessage().getBody(JsonNode.class).isMissingNode()).isTrue();
        }
    }

    @Test
    void aBodyThatIsNotJsonIsUnreadable() {
        Exchange read = answer("text/html", "<html><body>Bad gateway</body></html>", StandardCharsets.UTF_8);

        assertThat(read.getException()).isInstanceOf(UnreadableAnswer.class).hasMessageContaining("is not JSON");
    }
}
