/**
 * The newline-delimited JSON protocol of the project's Node {@code net} tutorial, as a reusable
 * server handler ({@link io.reactivenet.json.tutorial.TutorialProtocol}) and a client ({@link
 * io.reactivenet.json.tutorial.TutorialClient}) that the samples run as {@code json-server} and
 * {@code json-client}.
 */
@org.jspecify.annotations.NullMarked
package io.reactivenet.json.tutorial;
