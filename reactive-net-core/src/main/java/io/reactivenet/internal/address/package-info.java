/**
 * IP address text parsing and printing with Node's rules, and the sorted interval sets behind
 * {@link io.reactivenet.BlockList}. Not public API: may change in any release.
 */
@NullMarked
package io.reactivenet.internal.address;

import org.jspecify.annotations.NullMarked;
