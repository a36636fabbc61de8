package io.userbound.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.userbound.client.JwtBearerTokenSource;
import io.userbound.client.KeyAndCertificate;
import io.userbound.client.PemKeys;
import io.userbound.client.SelfSignedCertificates;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Random and mutated SOQL, locators and JSON bodies against a real server over HTTP: no reply is ever a 5xx, and every
 * 4xx body is a JSON array of {@code {message, errorCode}}. Requests are made as the admin (ModifyAllData) and as an
 * integration user without record permissions, so both the visible and the hidden paths are exercised. Seeds are
 * fixed, so a failure repeats.
 */
class RecordQueryFuzzTest extends EndToEndTest {
    static final String V = "/services/data/v66.0/";
    static final int QUERIES = 1800;
    static final int BODIES = 900;

    static String adminToken;
    static String plainToken;
    static final List<String> IDS = new ArrayList<>();

    @BeforeAll
    static void data() {
        adminToken = JwtBearerTokenSource.builder().loginUrl(server.baseUrl())
                .clientId(server.profile.get("consumerKey").asText()).username(server.profile.get("username").asText())
                .privateKey(PemKeys.readPrivateKey(Path.of(server.profile.get("keyFile").asText()), null)).build()
                .token().accessToken();
        KeyAndCertificate keys = SelfSignedCertificates.create("CN=fuzz", 30);
        TestServer.Registered reg = server.registerIntegration("Fuzz", keys);
        plainToken = JwtBearerTokenSource.builder().loginUrl(server.baseUrl()).clientId(reg.consumerKey())
                .username(reg.username()).privateKey(keys.privateKey()).build().token().accessToken();
        for (int i = 0; i < 30; i++) {
            JsonNode a = server.admin.post("sobjects/Account", Map.of("Name", "Fuzz " + i, "Industry", "Banking",
                    "NumberOfEmployees", i * 10, "Phone", "555-01" + (i % 10)));
            IDS.add(a.get("id").asText());
            JsonNode c = server.admin.post("sobjects/Contact", Map.of("LastName", "Doe " + i, "AccountId",
                    a.get("id").asText(), "Birthdate", "1990-01-" + (10 + i % 18)));
            IDS.add(c.get("id").asText());
        }
        server.admin.patch("sobjects/Account/" + IDS.get(0), Map.of("Phone", "555-9999"));
    }

    record Reply(String request, int status, String body) {
    }

    static Reply send(String token, String method, String path, Map<String, String> headers, String body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.baseUrl() + path))
                .timeout(Duration.ofSeconds(20)).header("Authorization", "Bearer " + token)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        headers.forEach(b::header);
        try {
            HttpResponse<String> r;
            try {
                r = TestServer.HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
            } catch (IOException closedWhileIdle) {
                // The JDK client may reuse a pooled keep-alive connection just as the server closes it ("header
                // parser received no bytes"): no reply was sent at all. Send once more on a connection of its own;
                // a second failure fails the test.
                java.net.http.HttpClient fresh = java.net.http.HttpClient.newBuilder()
                        .version(java.net.http.HttpClient.Version.HTTP_1_1).build();
                r = fresh.send(b.build(), HttpResponse.BodyHandlers.ofString());
            }
            return new Reply(method + " " + path + (body == null ? "" : " " + body), r.statusCode(), r.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Why a reply breaks the contract; null when it keeps it. */
    static String problem(Reply r) {
        if (r.status >= 500) {
            return "status " + r.status;
        }
        if (r.status >= 400) {
            JsonNode body;
            try {
                body = TestServer.JSON.readTree(r.body);
            } catch (IOException e) {
                return "4xx body is not JSON";
            }
            if (body == null || !body.isArray() || body.isEmpty()) {
                return "4xx body is not a non-empty JSON array";
            }
            for (JsonNode e : body) {
                if (!e.isObject() || !e.path("message").isTextual() || !e.path("errorCode").isTextual()
                        || e.path("errorCode").asText().isEmpty()) {
                    return "4xx element without message and errorCode: " + e;
                }
            }
        }
        return null;
    }

    static final class Tally {
        final Map<Integer, Integer> statuses = new TreeMap<>();
        final List<String> problems = new ArrayList<>();

        Reply check(Reply r) {
            statuses.merge(r.status, 1, Integer::sum);
            String p = problem(r);
            if (p != null && problems.size() < 20) {
                problems.add(p + " <- " + abbreviate(r.request) + " => " + abbreviate(r.body));
            }
            return r;
        }
    }

    static String abbreviate(String s) {
        return s.length() > 300 ? s.substring(0, 300) + "..." : s;
    }

    // ---- SOQL ----

    static final String[] SEEDS = {
        "SELECT Id, Name FROM Account",
        "SELECT Id, Name, Industry, NumberOfEmployees FROM Account WHERE Name LIKE 'Fuzz%' ORDER BY Name DESC"
                + " NULLS LAST LIMIT 10 OFFSET 5",
        "SELECT COUNT() FROM Account WHERE Industry IN ('Banking', 'Retail') AND NumberOfEmployees > 10",
        "SELECT Id, LastName, Account.Name, Owner.Username FROM Contact WHERE Birthdate = LAST_N_DAYS:30",
        "SELECT Id FROM Contact WHERE Birthdate > 1990-01-15 OR (Account.Name != null AND NOT LastName = 'x')",
        "SELECT Id, CreatedDate FROM Account WHERE CreatedDate >= 2020-01-01T00:00:00Z AND CreatedDate < TODAY",
        "SELECT Id FROM Opportunity WHERE CloseDate = THIS_MONTH AND Amount >= 100.50 AND IsPrivate = false",
        "SELECT Field, OldValue, NewValue, CreatedById, ConsumerKey FROM AccountHistory",
        "SELECT Id, AccountId, UserOrGroupId, AccountAccessLevel FROM AccountShare",
        "SELECT Name, InstanceName, IsSandbox, TrialExpirationDate, NamespacePrefix, OrganizationType FROM"
                + " Organization",
        "SELECT Id, Username FROM User WHERE IsActive = true ORDER BY Username LIMIT 5",
        "SELECT Id FROM ScratchOrgInfo",
        "SELECT Id FROM Account WHERE Id NOT IN ('001000000000000AAA') AND OwnerId != null",
        "SELECT Id FROM Account WHERE Name IN ('a', null) ORDER BY Name ASC NULLS FIRST, Id",
    };

    static final String[] TOKENS = {
        "SELECT", "FROM", "WHERE", "AND", "OR", "NOT", "IN", "NOT IN", "INCLUDES", "EXCLUDES", "LIKE", "ORDER BY",
        "ASC", "DESC", "NULLS FIRST", "NULLS LAST", "LIMIT", "OFFSET", "COUNT()", "COUNT(Id)", "GROUP BY", "TYPEOF",
        "(", ")", ",", ".", "=", "!=", "<>", "<", "<=", ">", ">=", "'", "''", "\\", "\\'", "%", "_", "'%'",
        "null", "true", "false", "TODAY", "LAST_N_DAYS:", "LAST_N_DAYS:-1", "LAST_N_DAYS:99999999999",
        "NEXT_N_DAYS:2147483647", "0", "-1", "2001", "2147483648", "99999999999999999999999", "1e308", "1.5",
        "-0.0", "2024-02-30", "2024-02-29", "2024-01-01T00:00:00Z", "9999-12-31T23:59:59+14:00", "0000-01-01",
        "Id", "Name", "Account", "Account.Name", "Owner.Username", "Account.Owner.Name", "Description", "Phone",
        "Nope__c", "a.b.c.d", "AccountHistory", "AccountShare", "User", "Invoice__c", "FOR UPDATE", "WITH",
        "SECURITY_ENFORCED", "USER_MODE", "UPDATE TRACKING", ";", "--", "/*", "*/", "\n", "\t", "\u00e9", "\ud83d\ude00",
        "\u0000", "'\u0000'", "$", "#", "@", "{", "}", "[", "]", "001000000000000AAA", "'001000000000000'",
    };

    static String mutate(Random r, String q) {
        StringBuilder s = new StringBuilder(q);
        int edits = 1 + r.nextInt(4);
        for (int i = 0; i < edits; i++) {
            int at = s.length() == 0 ? 0 : r.nextInt(s.length() + 1);
            switch (r.nextInt(7)) {
                case 0 -> s.insert(at, " " + TOKENS[r.nextInt(TOKENS.length)] + " ");
                case 1 -> {
                    int end = Math.min(s.length(), at + 1 + r.nextInt(12));
                    if (at < end) {
                        s.delete(at, end);
                    }
                }
                case 2 -> {
                    if (at < s.length()) {
                        s.setCharAt(at, (char) (32 + r.nextInt(95)));
                    }
                }
                case 3 -> s.setLength(Math.min(s.length(), at));
                case 4 -> {
                    String other = SEEDS[r.nextInt(SEEDS.length)];
                    int from = r.nextInt(other.length());
                    s.insert(at, other, from, Math.min(other.length(), from + 1 + r.nextInt(30)));
                }
                case 5 -> s.replace(0, s.length(), s.toString().toLowerCase(java.util.Locale.ROOT));
                default -> s.insert(at, TOKENS[r.nextInt(TOKENS.length)]);
            }
        }
        return s.toString();
    }

    static String randomText(Random r) {
        StringBuilder s = new StringBuilder();
        int n = r.nextInt(60);
        for (int i = 0; i < n; i++) {
            s.append(r.nextInt(5) == 0 ? TOKENS[r.nextInt(TOKENS.length)] + " " : String.valueOf((char) (32
                    + r.nextInt(95))));
        }
        return s.toString();
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    @Test
    void whenRandomAndMutatedSoqlAndLocatorsAreSentThenNo5xxAndEveryErrorIsAnErrorArray() {
        Random r = new Random(4_2026_0302L);
        Tally tally = new Tally();
        int ok = 0;
        for (int i = 0; i < QUERIES; i++) {
            String token = r.nextInt(4) == 0 ? plainToken : adminToken;
            String q = r.nextInt(10) == 0 ? randomText(r) : r.nextInt(8) == 0 ? SEEDS[r.nextInt(SEEDS.length)]
                    : mutate(r, SEEDS[r.nextInt(SEEDS.length)]);
            String resource = r.nextInt(5) == 0 ? "queryAll" : "query";
            String extra = r.nextInt(8) == 0 ? "&columns=true" : "";
            Map<String, String> headers = r.nextInt(4) == 0 ? Map.of("Sforce-Query-Options", "batchSize="
                    + (r.nextInt(3) == 0 ? "x" : String.valueOf(r.nextInt(3000) - 100))) : Map.of();
            Reply reply = tally.check(send(token, "GET", V + resource + "?q=" + enc(q) + extra, headers, null));
            if (reply.status == 200) {
                ok++;
                JsonNode body = json(reply.body);
                String next = body.path("nextRecordsUrl").asText(null);
                if (next != null) {
                    tally.check(send(token, "GET", next, Map.of(), null));
                    String locator = next.substring(next.lastIndexOf('/') + 1);
                    tally.check(send(token, "GET", V + "query/" + enc(mutate(r, locator)), Map.of(), null));
                }
            }
        }
        for (int i = 0; i < 150; i++) {
            String locator = r.nextInt(2) == 0 ? randomText(r) : "eJz" + randomText(r) + "-" + (r.nextInt(3) == 0
                    ? String.valueOf(r.nextLong()) : String.valueOf(r.nextInt(5000)));
            tally.check(send(r.nextBoolean() ? adminToken : plainToken, "GET", V + (r.nextBoolean() ? "query/"
                    : "queryAll/") + enc(locator), Map.of(), null));
        }
        assertThat(tally.problems).as("statuses " + tally.statuses).isEmpty();
        assertThat(ok).as("some mutated queries are still valid").isGreaterThan(QUERIES / 20);
        assertThat(tally.statuses.keySet()).contains(200, 400);
    }

    // ---- JSON bodies ----

    static final String[] FIELDS = {
        "Name", "Phone", "Industry", "NumberOfEmployees", "AnnualRevenue", "ParentId", "Description", "Website",
        "LastName", "FirstName", "AccountId", "Birthdate", "DoNotCall", "Email", "StageName", "CloseDate", "Amount",
        "Probability", "IsPrivate", "Id", "OwnerId", "CreatedDate", "IsDeleted", "SystemModstamp", "Nope__c",
        "attributes", "", " ", "name", "UserOrGroupId", "AccountAccessLevel", "RowCause",
    };

    static Object randomValue(Random r, int depth) {
        return switch (r.nextInt(depth > 2 ? 9 : 11)) {
            case 0 -> null;
            case 1 -> r.nextBoolean();
            case 2 -> r.nextInt(2000) - 1000;
            case 3 -> r.nextDouble() * 1e6;
            case 4 -> new java.math.BigDecimal("123456789012345678901234567890.123456789");
            case 5 -> TOKENS[r.nextInt(TOKENS.length)];
            case 6 -> IDS.get(r.nextInt(IDS.size()));
            case 7 -> List.of("2024-02-29", "2024-13-01", "2024-01-01T10:00:00Z", "1e400", "NaN", "x".repeat(
                    r.nextInt(3) == 0 ? 40_000 : 5), "Read", "Edit", "All", "Banking;Retail", "").get(r.nextInt(11));
            case 8 -> "005" + "0".repeat(12) + "AAA";
            case 9 -> java.util.Arrays.asList(randomValue(r, depth + 1), randomValue(r, depth + 1));
            default -> java.util.Collections.singletonMap("k" + r.nextInt(3), randomValue(r, depth + 1));
        };
    }

    static String randomBody(Random r) {
        switch (r.nextInt(12)) {
            case 0 -> {
                return List.of("", "{", "[]", "null", "\"x\"", "12", "{\"Name\":}", "{\"Name\":\"a\",}", "{'Name':1}",
                        "{\"Name\":\"a\"}{}", "\u0000", "{\"Name\": 1e99999}").get(r.nextInt(12));
            }
            default -> {
                Map<String, Object> m = new java.util.LinkedHashMap<>();
                int n = r.nextInt(5);
                for (int i = 0; i < n; i++) {
                    m.put(FIELDS[r.nextInt(FIELDS.length)], randomValue(r, 0));
                }
                if (r.nextInt(3) == 0) {
                    m.put("Name", "Fuzz body " + r.nextInt(1000));
                }
                try {
                    return TestServer.JSON.writeValueAsString(m);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
    }

    static final String[] TYPES = {
        "Account", "Account", "Contact", "Opportunity", "AccountShare", "AccountHistory", "User", "Organization",
        "Nope", "account", "Invoice__c",
    };

    @Test
    void whenRandomJsonBodiesAndIdsAreSentToSobjectsThenNo5xxAndEveryErrorIsAnErrorArray() {
        Random r = new Random(7_2026_0302L);
        Tally tally = new Tally();
        for (int i = 0; i < BODIES; i++) {
            String token = r.nextInt(4) == 0 ? plainToken : adminToken;
            String type = TYPES[r.nextInt(TYPES.length)];
            String id = switch (r.nextInt(6)) {
                case 0 -> "001000000000000AAA";
                case 1 -> randomText(r).replace('/', 'x');
                case 2 -> "003" + "z".repeat(r.nextInt(20));
                default -> IDS.get(r.nextInt(IDS.size()));
            };
            switch (r.nextInt(6)) {
                case 0, 1 -> tally.check(send(token, "POST", V + "sobjects/" + type, Map.of(), randomBody(r)));
                case 2, 3 -> tally.check(send(token, "PATCH", V + "sobjects/" + type + "/" + enc(id), Map.of(),
                        randomBody(r)));
                case 4 -> tally.check(send(token, "GET", V + "sobjects/" + type + "/" + enc(id) + (r.nextBoolean()
                        ? "?fields=" + enc(FIELDS[r.nextInt(FIELDS.length)] + "," + FIELDS[r.nextInt(FIELDS.length)])
                        : ""), Map.of(), null));
                default -> tally.check(send(token, "GET", V + "sobjects/" + type + "/describe", Map.of(), null));
            }
        }
        assertThat(tally.problems).as("statuses " + tally.statuses).isEmpty();
        assertThat(tally.statuses.keySet()).contains(200, 400, 404);
    }

    static JsonNode json(String body) {
        try {
            return TestServer.JSON.readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
