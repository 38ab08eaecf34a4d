package dev.legends.network;

import dev.legends.store.Migration;
import dev.legends.store.Schema;
import java.util.List;

/**
 * The network layer's tables. Addresses are stored as numbers so that a pool's free address is
 * found by comparing numbers; the primary key (network, address) is what makes an address
 * impossible to hand out twice, whatever the daemon does in between.
 */
final class Tables {
    private Tables() {}

    static final Schema SCHEMA = new Schema("network", List.of(Migration.of(1, "networks, leases, attachments, ports", """
            CREATE TABLE networks (
              name TEXT PRIMARY KEY,
              bridge TEXT NOT NULL UNIQUE,
              subnet TEXT NOT NULL,
              gateway INTEGER NOT NULL,
              range_start INTEGER NOT NULL,
              range_end INTEGER NOT NULL,
              ipam TEXT NOT NULL,
              cursor INTEGER NOT NULL DEFAULT 0,
              created_ms INTEGER NOT NULL)""", """
            CREATE TABLE leases (
              network TEXT NOT NULL REFERENCES networks(name),
              address INTEGER NOT NULL,
              owner TEXT,
              identity TEXT,
              since_ms INTEGER NOT NULL,
              PRIMARY KEY (network, address))""",
            "CREATE UNIQUE INDEX leases_identity ON leases(network, identity) WHERE identity IS NOT NULL",
            "CREATE INDEX leases_owner ON leases(owner)", """
            CREATE TABLE attachments (
              owner TEXT NOT NULL,
              network TEXT NOT NULL REFERENCES networks(name),
              ifname TEXT NOT NULL,
              netns TEXT NOT NULL,
              address TEXT,
              gateway TEXT,
              mac TEXT,
              host_veth TEXT,
              identity TEXT,
              names TEXT NOT NULL,
              ports TEXT NOT NULL,
              created_ms INTEGER NOT NULL,
              PRIMARY KEY (owner, network))""", """
            CREATE TABLE ports (
              protocol TEXT NOT NULL,
              host_port INTEGER NOT NULL,
              owner TEXT NOT NULL,
              PRIMARY KEY (protocol, host_port))""")));
}
