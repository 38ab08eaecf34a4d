/**
 * The network layer (see shared/DESIGN.md): bridge networks built from the standard CNI plugins
 * (bridge, portmap, loopback; IPAM static, host-local or dhcp) run from Java by
 * {@link dev.legends.network.cni.CniRuntime}; Legends IPAM in SQLite (pools, leases, sticky and
 * fixed addresses); a pinned network namespace per pod or standalone container; hosts files for
 * names; iptables rules that keep networks apart. {@link dev.legends.network.Networks} is the entry
 * point.
 */
package dev.legends.network;
