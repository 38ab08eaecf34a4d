package dev.legends.server.http;

@FunctionalInterface
public interface Handler {
    Response handle(Request request) throws Exception;
}
