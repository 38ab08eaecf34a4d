package dev.legends.server.api;

/** The body of every error answer: a kind the client maps back, and the line a user reads. */
public record ApiError(String code, String message) {}
