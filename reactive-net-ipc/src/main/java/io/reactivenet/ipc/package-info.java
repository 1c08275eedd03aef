/**
 * Placeholder until this module's issue lands.
 */
@org.jspecify.annotations.NullMarked
package io.reactivenet.ipc;
