/**
 * The {@code clarke} command line: picocli commands over the library ({@code grad}, {@code check},
 * {@code enumerate}, {@code certify}, {@code demo}),
 * their human and JSON output, and the one rule for bad input — a one-line message naming what
 * is wrong, where, and how to fix it, and exit code 2, never a stack trace.
 */
package dev.clarke.cli;
