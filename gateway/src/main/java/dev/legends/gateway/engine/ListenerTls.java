package dev.legends.gateway.engine;

import dev.legends.core.LegendsException;
import dev.legends.gateway.GatewayConfig;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;

/**
 * A TLS listener's server context, built when a config is applied: a missing, unreadable or
 * mismatched certificate or key refuses the config (naming the listener and the file) instead of
 * failing every handshake later. TLS 1.2 and 1.3 only, ALPN "http/1.1", the JDK's provider.
 */
final class ListenerTls {
    static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};

    private ListenerTls() {}

    /** The context for {@code l}, or null for a plain listener. */
    static SslContext load(GatewayConfig.Listener l) {
        if (l.tls() == null) {
            return null;
        }
        String where = "listener " + l.name() + ": tls ";
        Path certFile = Path.of(l.tls().certFile());
        Path keyFile = Path.of(l.tls().keyFile());
        byte[] certPem = read(where + "certFile ", certFile);
        X509Certificate[] chain;
        try {
            chain = Pem.certificates(certPem);
        } catch (GeneralSecurityException | RuntimeException e) {
            throw LegendsException.invalid(where + "certFile " + certFile + " holds no PEM certificate: " + e.getMessage());
        }
        byte[] keyPem = read(where + "keyFile ", keyFile);
        String text = new String(keyPem, StandardCharsets.US_ASCII);
        if (!text.contains("-BEGIN PRIVATE KEY-")) {
            // Netty reads PKCS#8 only (PKCS#1 "RSA", SEC1 "EC" and encrypted keys need BouncyCastle)
            throw LegendsException.invalid(where + "keyFile " + keyFile + " is not an unencrypted PKCS#8 key (\"BEGIN PRIVATE KEY\");"
                    + " convert it with: openssl pkcs8 -topk8 -nocrypt -in " + keyFile + " -out key.pem");
        }
        PrivateKey key;
        try {
            key = Pem.privateKey(keyPem);
        } catch (GeneralSecurityException | RuntimeException e) {
            throw LegendsException.invalid(where + "keyFile " + keyFile + " holds no usable private key: " + e.getMessage());
        }
        if (!matches(chain[0], key)) {
            throw LegendsException.invalid(where + "keyFile " + keyFile + " is not the key of the certificate in " + certFile);
        }
        try {
            return SslContextBuilder.forServer(key, chain).sslProvider(SslProvider.JDK).protocols(PROTOCOLS)
                    .applicationProtocolConfig(new ApplicationProtocolConfig(ApplicationProtocolConfig.Protocol.ALPN,
                            ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
                            ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT, ApplicationProtocolNames.HTTP_1_1))
                    .build();
        } catch (IOException | RuntimeException e) {
            throw LegendsException.invalid(where + certFile + " and " + keyFile + ": " + e.getMessage());
        }
    }

    private static byte[] read(String what, Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw LegendsException.invalid(what + file + " does not exist");
        } catch (AccessDeniedException e) {
            throw LegendsException.invalid(what + file + " cannot be read: permission denied");
        } catch (IOException e) {
            throw LegendsException.invalid(what + file + " cannot be read: " + e.getMessage());
        }
    }

    /**
     * Whether {@code key} signs what the certificate's public key verifies. The JDK builds a
     * context from any pair; a wrong one would only show as failed handshakes.
     */
    private static boolean matches(X509Certificate cert, PrivateKey key) {
        String algorithm = switch (key.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            case "EdDSA", "Ed25519", "Ed448" -> "EdDSA";
            default -> null;
        };
        if (algorithm == null) {
            return true; // an algorithm we cannot test here (RSASSA-PSS): the handshake will tell
        }
        try {
            byte[] challenge = "legends tls key check".getBytes(StandardCharsets.US_ASCII);
            Signature sign = Signature.getInstance(algorithm);
            sign.initSign(key);
            sign.update(challenge);
            byte[] signature = sign.sign();
            Signature verify = Signature.getInstance(algorithm);
            verify.initVerify(cert.getPublicKey());
            verify.update(challenge);
            return verify.verify(signature);
        } catch (GeneralSecurityException e) {
            return false; // a certificate of another key type, mostly
        }
    }

    /** PEM with the JDK alone: X.509's factory reads PEM certificates; a PKCS#8 key is base64 between its markers. */
    private static final class Pem {
        private Pem() {}

        static X509Certificate[] certificates(byte[] pem) throws GeneralSecurityException {
            java.util.Collection<? extends java.security.cert.Certificate> all =
                    java.security.cert.CertificateFactory.getInstance("X.509").generateCertificates(new ByteArrayInputStream(pem));
            if (all.isEmpty()) {
                throw new java.security.cert.CertificateException("found none");
            }
            return all.stream().map(X509Certificate.class::cast).toArray(X509Certificate[]::new);
        }

        static PrivateKey privateKey(byte[] pem) throws GeneralSecurityException {
            String text = new String(pem, StandardCharsets.US_ASCII);
            int begin = text.indexOf("-----BEGIN PRIVATE KEY-----");
            int end = text.indexOf("-----END PRIVATE KEY-----");
            if (begin < 0 || end < begin) {
                throw new java.security.spec.InvalidKeySpecException("no BEGIN/END PRIVATE KEY markers");
            }
            byte[] der = java.util.Base64.getMimeDecoder().decode(text.substring(begin + "-----BEGIN PRIVATE KEY-----".length(), end));
            java.security.spec.PKCS8EncodedKeySpec spec = new java.security.spec.PKCS8EncodedKeySpec(der);
            GeneralSecurityException last = null;
            for (String algorithm : new String[] {"RSA", "EC", "Ed25519", "Ed448", "RSASSA-PSS"}) {
                try {
                    return java.security.KeyFactory.getInstance(algorithm).generatePrivate(spec);
                } catch (GeneralSecurityException e) {
                    last = e;
                }
            }
            throw last;
        }
    }
}
