package dev.legends.pod;

import dev.legends.network.Attachment;
import dev.legends.runtime.NamespaceType;
import java.util.List;

/**
 * What {@code legends pod inspect} shows: the pause container that holds the pod's namespaces,
 * the namespaces it holds (inode next to the host's) and which members share each, and its
 * network attachments: veth pair, bridge, IP, MAC and the iptables rules made for it.
 */
public record PodDetails(PodInfo pod, ContainerInfo pause, List<HeldNamespace> namespaces, List<ContainerInfo> containers,
                         List<Attachment> networks) {

    /** A namespace the pause container holds for the pod and the members that are in it now. */
    public record HeldNamespace(NamespaceType type, long inode, long hostInode, List<String> sharedBy) {}
}
