package dev.multisession.core.config;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every key the core reads is a row of the README's configuration table, in the order the core lists them. */
class ConfigKeysDocumentedTest {

    @Test
    void everyCoreKeyIsARowOfTheReadmeTableInOrder() throws IOException {
        String readme = Files.readString(Path.of("..", "README.md"));
        int previous = -1;
        String previousKey = null;
        for (String key : ConfigKeys.ALL) {
            int row = readme.indexOf("| `" + key + "` |");
            assertTrue(row >= 0, key + " is documented in the README's configuration table");
            assertTrue(row > previous, key + " comes after " + previousKey + " in the README, as in ConfigKeys.ALL");
            previous = row;
            previousKey = key;
        }
    }
}
