/**
 * The {@code clarke} command line: picocli commands over the library ({@code grad}, {@code check},
 * {@code enumerate}, {@code certify}, {@code demo}),
 * their human and JSON output, and the one rule for bad input — a one-line message naming what
 * is wrong, where, and how to fix it, and exit code 2, never a stack trace. The long commands
 * ({@code bifurcation}, {@code enumerate}, {@code audit}) also describe their work as a
 * {@link dev.clarke.cli.ShardedJob} that a {@link dev.clarke.cli.ShardEngine} found at run time
 * (the {@code clarke-spark} module) can run in parallel shards with {@code --engine spark}.
 */
package dev.clarke.cli;
