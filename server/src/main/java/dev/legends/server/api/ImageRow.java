package dev.legends.server.api;

/** One row of `legends image ls`; repository and tag are "<none>" for an untagged image. */
public record ImageRow(String repository, String tag, String id, String created, long size) {}
