package io.userbound.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.userbound.client.ApiException;
import io.userbound.client.RestClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.util.Locale;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;

/** {@code userbound api METHOD PATH [--data JSON]}. */
@Command(name = "api", description = {
    "Call the REST API with the token of the last 'userbound login'. PATH is relative to "
            + "/services/data/vNN.0/ (sobjects/Account, query?q=SELECT+Id+FROM+Account) or absolute "
            + "(/services/oauth2/userinfo).",
    "Prints the reply body. A non-2xx reply is an error (exit 1). When the token is refused (401) and the session "
            + "names a key, logs in again and repeats the call once.",
    "With --json a reply that is not a JSON object is printed as {\"status\": N, \"body\": ...}."})
final class ApiCommand extends BaseCommand {

    private static final Set<String> METHODS = Set.of("GET", "POST", "PATCH", "PUT", "DELETE");

    @Parameters(index = "0", paramLabel = "METHOD", description = "GET, POST, PATCH, PUT or DELETE.")
    String method;

    @Parameters(index = "1", paramLabel = "PATH", description = "The resource path.")
    String path;

    @Option(names = "--data", paramLabel = "JSON", description = "The JSON body, or @FILE to read it from a file.")
    String data;

    @Option(names = "--api-version", paramLabel = "NN.0", defaultValue = RestClient.DEFAULT_API_VERSION,
            description = "API version of relative paths (default: ${DEFAULT-VALUE}).")
    String apiVersion;

    @Override
    protected Result execute() {
        String m = method.toUpperCase(Locale.ROOT);
        if (!METHODS.contains(m)) {
            throw new ParameterException(spec.commandLine(), "invalid METHOD '" + method
                    + "': use GET, POST, PATCH, PUT or DELETE");
        }
        String body = body();
        Session session = Session.load(env());
        RestClient rest = new RestClient(new SessionTokenSource(env(), session), env().httpClient(), apiVersion);
        RestClient.Response response = rest.send(m, path, body);
        if (!response.isSuccess()) {
            throw ApiException.fromResponse(response.status(), response.body());
        }
        JsonNode reply = parseLenient(response.body());
        ObjectNode json;
        if (reply != null && reply.isObject()) {
            json = (ObjectNode) reply;
        } else {
            json = Output.object();
            json.put("status", response.status());
            json.set("body", reply);
        }
        String text;
        if (reply == null) {
            text = "HTTP " + response.status() + " (no content)";
        } else if (reply.isTextual()) {
            text = reply.asText();
        } else {
            text = Output.pretty(reply);
        }
        return new Result(json, text);
    }

    private String body() {
        if (data == null) {
            return null;
        }
        String text = data;
        if (data.startsWith("@")) {
            try {
                text = Files.readString(env().resolve(data.substring(1)));
            } catch (NoSuchFileException e) {
                throw new IllegalArgumentException("--data file not found: " + data.substring(1));
            } catch (IOException e) {
                throw new CliException("IOError", "cannot read --data file " + data.substring(1) + ": "
                        + e.getMessage(), e);
            }
        }
        try {
            Output.MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new ParameterException(spec.commandLine(), "--data is not valid JSON: " + e.getOriginalMessage());
        }
        return text;
    }

    private static JsonNode parseLenient(String body) {
        if (body == null || body.isBlank()) {
            return null;
        }
        try {
            return Output.MAPPER.readTree(body);
        } catch (JsonProcessingException e) {
            return TextNode.valueOf(body);
        }
    }
}
