/**
 * Files in and out, safely: every file Clarke writes goes through {@link dev.clarke.io.AtomicFile}
 * (a temporary file in the target's directory, flushed to disk, then renamed over the target, so a
 * crash or a kill leaves either the old file or the new one, never a truncated mix), and an existing
 * file is replaced only when the caller says so; every file Clarke reads whole goes through
 * {@link dev.clarke.io.BoundedRead}, which streams up to a declared maximum and never trusts a length
 * the file itself claims. {@link dev.clarke.io.OutputPath} checks an output path before any long work
 * starts, so a bad path is reported before the work, not after it.
 */
package dev.clarke.io;
