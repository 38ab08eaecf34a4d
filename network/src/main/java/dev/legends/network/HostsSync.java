package dev.legends.network;

import dev.legends.core.LegendsException;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps hosts files in step with the attachments: an owner's file is written when it attaches,
 * and every peer's is rewritten when someone joins or leaves a network they share.
 */
final class HostsSync {
    private static final Logger LOG = LoggerFactory.getLogger(HostsSync.class);

    private final HostsFiles files;
    private final AttachmentRecords records;

    HostsSync(HostsFiles files, AttachmentRecords records) {
        this.files = files;
        this.records = records;
    }

    Path hosts(String owner) {
        return files.hosts(owner);
    }

    Path resolvConf(String owner) {
        return files.resolvConf(owner);
    }

    /** Writes {@code owner}'s files, then its peers'. */
    void write(String owner) {
        List<Attachment> own = records.ofOwner(owner);
        List<String> nets = own.stream().map(Attachment::network).toList();
        files.write(owner, own, records.peers(owner, nets));
        refreshPeers(owner, nets);
    }

    void remove(String owner) {
        files.remove(owner);
    }

    /** Rewrites the hosts files of everyone sharing one of {@code networks} with {@code owner}. */
    void refreshPeers(String owner, List<String> networks) {
        Set<String> others = new LinkedHashSet<>();
        records.peers(owner, networks).forEach(a -> others.add(a.owner()));
        for (String o : others) {
            List<Attachment> own = records.ofOwner(o);
            try {
                files.write(o, own, records.peers(o, own.stream().map(Attachment::network).toList()));
            } catch (LegendsException e) {
                // a peer's file is not worth failing this owner's attach or detach for
                LOG.warn("hosts file of {}: {}", o, e.getMessage());
            }
        }
    }
}
