/**
 * TLS plumbing: {@code SslContext}s built from {@code TlsOptions} ({@link io.reactivenet.internal.tls.TlsContexts}),
 * the trust manager that reports Node's certificate codes ({@link io.reactivenet.internal.tls.NodeTrust}),
 * the pipeline handlers and handshake signals ({@link io.reactivenet.internal.tls.Tls}), and the
 * server's swappable context ({@link io.reactivenet.internal.tls.ServerTls}).
 */
@NullMarked
package io.reactivenet.internal.tls;

import org.jspecify.annotations.NullMarked;
