package io.crosscheck.common;

/**
 * A response body that holds a secret in clear (a bearer token, shown once). {@link NoStoreSecrets} marks every such
 * response {@code Cache-Control: no-store}, so no browser, proxy or client cache keeps a copy; implementing this
 * interface is all a new token-carrying response needs.
 */
public interface CarriesSecret {
}
