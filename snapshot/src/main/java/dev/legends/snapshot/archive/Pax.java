package dev.legends.snapshot.archive;

import dev.legends.core.LegendsException;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * PAX extended header records ({@code "LEN key=value\n"}), kept as bytes: SCHILY.xattr values are
 * binary, and decoding them as UTF-8 (as commons-compress does) would corrupt a file capability.
 */
final class Pax {
    static final String XATTR = "SCHILY.xattr.";

    private Pax() {}

    static Map<String, byte[]> parse(byte[] data) {
        Map<String, byte[]> records = new LinkedHashMap<>();
        int pos = 0;
        while (pos < data.length) {
            if (data[pos] == 0) {
                break; // some writers pad the header data with NULs
            }
            int space = pos;
            long len = 0;
            while (space < data.length && data[space] >= '0' && data[space] <= '9' && space - pos < 10) {
                len = len * 10 + (data[space] - '0');
                space++;
            }
            if (space == pos || space >= data.length || data[space] != ' ' || len <= space - pos + 1
                    || pos + len > data.length || data[(int) (pos + len - 1)] != '\n') {
                throw LegendsException.invalid("malformed PAX header record at byte " + pos);
            }
            int end = (int) (pos + len - 1);
            int eq = space + 1;
            while (eq < end && data[eq] != '=') {
                eq++;
            }
            if (eq == end || eq == space + 1) {
                throw LegendsException.invalid("malformed PAX header record at byte " + pos);
            }
            String key = new String(data, space + 1, eq - space - 1, StandardCharsets.UTF_8);
            byte[] value = new byte[end - eq - 1];
            System.arraycopy(data, eq + 1, value, 0, value.length);
            records.put(key, value);
            pos = end + 1;
        }
        return records;
    }

    static byte[] format(Map<String, byte[]> records) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        records.forEach((key, value) -> {
            byte[] k = key.getBytes(StandardCharsets.UTF_8);
            int body = 1 + k.length + 1 + value.length + 1; // ' ' key '=' value '\n'
            int len = body + 1;
            // the length counts its own digits: grow until it is consistent
            while (String.valueOf(len).length() + body != len) {
                len = String.valueOf(len).length() + body;
            }
            out.writeBytes(String.valueOf(len).getBytes(StandardCharsets.US_ASCII));
            out.write(' ');
            out.writeBytes(k);
            out.write('=');
            out.writeBytes(value);
            out.write('\n');
        });
        return out.toByteArray();
    }

    static String text(byte[] value) {
        return new String(value, StandardCharsets.UTF_8);
    }

    static byte[] bytes(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }
}
