package io.crosscheck.users;

import io.crosscheck.common.CodePoints;

import java.security.SecureRandom;
import java.util.Base64;

/**
 * Bearer tokens: 256 random bits, shown once, stored only as SHA-256. A fast hash is enough here because the token
 * carries full entropy (no dictionary to attack), and it keeps the per-request lookup a single index probe.
 */
public final class TokenService {

    private static final SecureRandom RANDOM = new SecureRandom();

    private TokenService() {
    }

    public static String newToken() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return "cc_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    public static String hash(String token) {
        return CodePoints.sha256(token);
    }
}
