package com.coworking.bridge.sync;

import javax.sql.DataSource;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.springframework.jdbc.core.JdbcTemplate;

import com.coworking.bridge.luckey.LuckeyRedelivery;

/** Actions that failed for good (retries exhausted or refused): kept whole, so they can be replayed. */
public final class DeadLetters {

    private final JdbcTemplate jdbc;
    private final ObjectMapper json = new ObjectMapper();

    public DeadLetters(DataSource dataSource) {
        this.jdbc = new JdbcTemplate(dataSource);
    }

    public void store(@ExchangeProperty("action") LuckeyAction action, Exchange exchange) throws JsonProcessingException {
        Exception error = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        int retries = exchange.getProperty(LuckeyRedelivery.RETRIES, 0, Integer.class);
        jdbc.update("insert into dead_letter (user_ref, action, action_json, error, attempts) values (?, ?, ?, ?, ?)",
                action.userRef(), action.type(), json.writeValueAsString(action), describe(error), 1 + retries);
    }

    static String describe(Exception error) {
        return error == null ? "unknown error" : error.getClass().getSimpleName() + ": " + error.getMessage();
    }
}
