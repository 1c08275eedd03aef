/**
 * The code examples of the README and of the pages under {@code docs/}, one class per page. Every
 * {@code java} block of the documentation is the exact text of a region of these classes marked
 * {@code // docs:begin NAME} ... {@code // docs:end NAME}; {@code DocsTest} checks the text and
 * runs every example against real loopback servers (port 0), so no example is prose that drifts.
 */
@org.jspecify.annotations.NullMarked
package io.reactivenet.samples.docs;
