/**
 * Text: bytes to strings and back, correct when a character is split across chunks, with Node's
 * replacement of malformed input. Start at {@link io.reactivenet.text.Text}.
 */
@NullMarked
package io.reactivenet.text;

import org.jspecify.annotations.NullMarked;
