package dev.legends.build;

/** Port: the base images a FROM (or a {@code COPY --from=image}) names. */
public interface ImageSource {

    /**
     * The image {@code reference} names ({@code alpine}, {@code alpine:3.20}, {@code name@sha256:...}),
     * pulled if the engine does that; a not-found {@link dev.legends.core.LegendsException} otherwise.
     */
    BaseImage resolve(String reference);
}
