package dev.clarke.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/** The version {@code clarke -V} prints: the pom's, written into {@code version.properties} by the build. */
final class Version implements IVersionProvider {

    /** The built version, e.g. {@code 0.1.0-SNAPSHOT}. */
    static String built() {
        try (InputStream in = Version.class.getResourceAsStream("version.properties")) {
            if (in == null) {
                throw new IllegalStateException("version.properties is missing from the build");
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String[] getVersion() {
        return new String[] {"clarke " + built()};
    }
}
