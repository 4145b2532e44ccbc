package dev.clarke.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class VersionTest {

    /** The version in this module's pom (its parent's), read from the file rather than from the build. */
    private static String pomVersion() throws IOException {
        String pom = Files.readString(Path.of("pom.xml"));
        Matcher m = Pattern.compile("<parent>.*?<version>([^<]+)</version>", Pattern.DOTALL).matcher(pom);
        assertTrue(m.find(), "no parent version in pom.xml");
        return m.group(1).strip();
    }

    @Test
    void dashCapitalVPrintsThePomsVersion() throws IOException {
        CliRun r = CliRun.of("-V");
        assertEquals(0, r.code());
        assertEquals("clarke " + pomVersion(), r.out().strip());
    }
}
