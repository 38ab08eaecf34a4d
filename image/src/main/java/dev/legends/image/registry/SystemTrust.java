package dev.legends.image.registry;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * TLS that trusts the host's certificate authorities, as docker and podman do, rather than the
 * JDK's own bundle: a company CA added with update-ca-certificates then works for Legends too.
 * Built once per JVM, on first use: loading a trust store costs a quarter of a second or more.
 */
final class SystemTrust {
    /** Debian's copy of the system CAs as a Java keystore (ca-certificates-java): the cheapest to load. */
    private static final Path JAVA_STORE = Path.of("/etc/ssl/certs/java/cacerts");
    /** PEM bundles of Debian/Ubuntu, Fedora/RHEL and Alpine; parsing one takes longer. */
    private static final List<Path> BUNDLES = List.of(Path.of("/etc/ssl/certs/ca-certificates.crt"),
            Path.of("/etc/pki/tls/certs/ca-bundle.crt"), Path.of("/etc/ssl/cert.pem"));

    private SystemTrust() {}

    private static final class Holder {
        static final SSLContext CONTEXT = load();
    }

    static SSLContext context() {
        return Holder.CONTEXT;
    }

    private static SSLContext load() {
        try {
            KeyStore trust = systemStore();
            if (trust != null) {
                TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                tmf.init(trust);
                SSLContext context = SSLContext.getInstance("TLS");
                context.init(null, tmf.getTrustManagers(), null);
                return context;
            }
        } catch (GeneralSecurityException e) {
            // fall back to the JDK's trust below
        }
        try {
            return SSLContext.getDefault();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK has no default TLS context", e);
        }
    }

    /** The first readable system store that holds certificates, or null. */
    private static KeyStore systemStore() {
        if (Files.isReadable(JAVA_STORE)) {
            try {
                KeyStore ks = KeyStore.getInstance(JAVA_STORE.toFile(), "changeit".toCharArray());
                if (ks.size() > 0) {
                    return ks;
                }
            } catch (IOException | GeneralSecurityException e) {
                // another password or format: the PEM bundles hold the same certificates
            }
        }
        for (Path bundle : BUNDLES) {
            if (Files.isReadable(bundle)) {
                try {
                    KeyStore ks = fromBundle(bundle);
                    if (ks.size() > 0) {
                        return ks;
                    }
                } catch (IOException | GeneralSecurityException e) {
                    // unreadable: try the next
                }
            }
        }
        return null;
    }

    private static KeyStore fromBundle(Path bundle) throws IOException, GeneralSecurityException {
        KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
        trust.load(null, null);
        try (InputStream in = Files.newInputStream(bundle)) {
            int i = 0;
            for (Certificate cert : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                trust.setCertificateEntry("system-" + i++, cert);
            }
        }
        return trust;
    }
}
