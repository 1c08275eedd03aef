/**
 * Internals of the JSON module (parsing and encoding helpers, request correlation). Public only so
 * that the API package can use them; not part of the API.
 */
@org.jspecify.annotations.NullMarked
package io.reactivenet.json.internal;
