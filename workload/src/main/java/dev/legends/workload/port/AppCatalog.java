package dev.legends.workload.port;

import java.util.List;
import java.util.Optional;

/**
 * The apps and their immutable revisions, as the release layer sees them. Implemented by the
 * workload layer over the store; the release layer decides which revision is stable.
 */
public interface AppCatalog {
    Optional<AppDefinition> app(String name);

    /** Revision {@code number} of {@code app}; a not-found LegendsException when there is none. */
    RevisionRef revision(String app, int number);

    /** Every revision of the app, oldest first. */
    List<RevisionRef> revisions(String app);

    /**
     * A new revision made from the stable one with {@code image} in place of its image, or the
     * existing revision whose template is the same (templates are compared, not images alone).
     */
    RevisionRef createRevision(String app, String image, String changeCause);

    /** Records that {@code revision} now serves the app's stable traffic (after a promotion or an undo). */
    void markStable(String app, int revision);
}
