package dev.shouli.core.domain;

/** The same redelivery key came with a different body: the client reused a key by mistake. */
public final class KeyReusedException extends RuntimeException {

    public KeyReusedException(String key) {
        super("the key '" + key + "' was already used for a different submission; use a new key for new content");
    }
}
