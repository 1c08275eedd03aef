/**
 * Evidence that bugs of our dependencies still reproduce. Excluded from the default build (a test
 * must assert our behaviour, and these pass or fail with a race); run with
 * {@code mvn -Pupstream-evidence -pl reactive-net-core -am verify}.
 */
package io.reactivenet.upstream;
