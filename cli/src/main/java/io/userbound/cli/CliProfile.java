package io.userbound.cli;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The CLI profile that the server's bootstrap writes to {@code DATA_DIR/cli-profile.json}: where the server is, and
 * the connected app, admin user and key the admin commands log in with.
 *
 * @param serverUrl the server's base URL
 * @param consumerKey the CLI app's consumer key
 * @param username the admin user
 * @param keyFile the private key file; a relative path is relative to the data directory
 */
@JsonIgnoreProperties(ignoreUnknown = true)
record CliProfile(String serverUrl, String consumerKey, String username, String keyFile) {

    static final String FILE = "cli-profile.json";

    static CliProfile load(Path dataDir) {
        Path file = dataDir.resolve(FILE);
        CliProfile profile;
        try {
            profile = Output.MAPPER.readValue(Files.readString(file), CliProfile.class);
        } catch (NoSuchFileException e) {
            throw new CliException("NoProfile", "no CLI profile at " + file + ": start the server once with "
                    + "'userbound serve --data " + dataDir + "' (its bootstrap writes the profile), or point --data "
                    + "at the server's data directory");
        } catch (JsonProcessingException e) {
            throw new CliException("BadProfile", "the CLI profile " + file + " is not valid JSON: "
                    + e.getOriginalMessage());
        } catch (IOException e) {
            throw new CliException("IOError", "cannot read the CLI profile " + file + ": " + e.getMessage(), e);
        }
        List<String> missing = new ArrayList<>();
        if (blank(profile.serverUrl())) {
            missing.add("serverUrl");
        }
        if (blank(profile.consumerKey())) {
            missing.add("consumerKey");
        }
        if (blank(profile.username())) {
            missing.add("username");
        }
        if (blank(profile.keyFile())) {
            missing.add("keyFile");
        }
        if (!missing.isEmpty()) {
            throw new CliException("BadProfile", "the CLI profile " + file + " lacks " + String.join(", ", missing));
        }
        return profile;
    }

    /** The key file, resolved against the data directory when relative. */
    Path keyPath(Path dataDir) {
        return dataDir.resolve(keyFile).normalize();
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
