package io.userbound.server.records;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.userbound.core.ApiException;
import io.userbound.core.model.Profile;
import io.userbound.core.model.SystemPermission;
import io.userbound.core.model.User;
import io.userbound.protocol.RestErrorCode;
import io.userbound.records.data.RecordContext;
import io.userbound.records.meta.SharingModel;
import io.userbound.records.port.ObjectAccess;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The sharing predicate is part of the SQL, so LIMIT, COUNT() and paging see exactly the caller's rows: 600 Accounts
 * under a Private default, of which user A owns 30 and user B the rest; 190 of B's are shared to A (Read). A sees 220,
 * B 570, and C (ViewAllData) all 600. Owners are assigned by a seeded random, so A's rows are spread through the name
 * order.
 */
class SharedPagingTest {
    static final int TOTAL = 600;
    static final String BY_NAME = "SELECT Id, Name FROM Account ORDER BY Name";

    @TempDir
    static Path dir;
    static RecordsFixture fixture;
    static TestOrg org;
    static User a;
    static User b;
    static User c;
    /** Every account: id to name. */
    static final Map<String, String> NAMES = new LinkedHashMap<>();
    static final Set<String> VISIBLE_TO_A = new HashSet<>();
    static final Set<String> OWNED_BY_B = new HashSet<>();

    @BeforeAll
    static void dataset() {
        fixture = RecordsFixture.open(dir);
        org = fixture.newOrg();
        org.sharing("Account", SharingModel.PRIVATE);
        Profile standard = org.profile();
        org.objectAccess(standard.id(), "Account", ObjectAccess.CRUD);
        a = org.user("A", standard);
        b = org.user("B", standard);
        c = org.user("C", org.profile(SystemPermission.VIEW_ALL_DATA));
        Random random = new Random(20260302L);
        List<Integer> numbers = new ArrayList<>();
        for (int i = 0; i < TOTAL; i++) {
            numbers.add(i);
        }
        java.util.Collections.shuffle(numbers, random);
        for (int i = 0; i < TOTAL; i++) {
            String name = String.format("Account %03d", numbers.get(i));
            User owner = i < 30 ? a : b;
            String id = org.create(owner, "Account", "Name", name);
            NAMES.put(id, name);
            if (owner == a) {
                VISIBLE_TO_A.add(id);
            } else {
                OWNED_BY_B.add(id);
                if (i < 30 + 190) {
                    org.shareAccount(b, id, a.id(), "Read");
                    VISIBLE_TO_A.add(id);
                }
            }
        }
    }

    @AfterAll
    static void close() {
        fixture.close();
    }

    static List<String> byName(Set<String> ids) {
        return ids.stream().sorted(Comparator.comparing(NAMES::get)).toList();
    }

    static RecordContext ctx(User u) {
        return org.ctx(u);
    }

    @SuppressWarnings("unchecked")
    static List<String> ids(Map<String, Object> page) {
        return ((List<Map<String, Object>>) page.get("records")).stream().map(r -> (String) r.get("Id")).toList();
    }

    static Stream<Arguments> users() {
        return Stream.of(
                Arguments.of("A", (java.util.function.Supplier<User>) () -> a,
                        (java.util.function.Supplier<Set<String>>) () -> VISIBLE_TO_A),
                Arguments.of("B", (java.util.function.Supplier<User>) () -> b,
                        (java.util.function.Supplier<Set<String>>) () -> OWNED_BY_B),
                Arguments.of("C", (java.util.function.Supplier<User>) () -> c,
                        (java.util.function.Supplier<Set<String>>) () -> NAMES.keySet()));
    }

    @Test
    void whenTwoUsersRunTheSameLimitQueryThenEachGetsTheFirstTenRowsTheyMaySee() {
        String soql = BY_NAME + " LIMIT 10";
        List<String> pageA = ids(fixture.queries.query(ctx(a), soql, false, 0));
        List<String> pageB = ids(fixture.queries.query(ctx(b), soql, false, 0));
        assertThat(VISIBLE_TO_A).hasSize(220);
        assertThat(pageA).containsExactlyElementsOf(byName(VISIBLE_TO_A).subList(0, 10));
        assertThat(pageB).containsExactlyElementsOf(byName(OWNED_BY_B).subList(0, 10));
        assertThat(pageA).isNotEqualTo(pageB);
        assertThat(pageB).doesNotContainAnyElementsOf(VISIBLE_TO_A.stream().filter(id -> !OWNED_BY_B.contains(id))
                .toList());
    }

    @Test
    void whenLimitAndOffsetThenTheWindowIsOverTheCallersRows() {
        List<String> page = ids(fixture.queries.query(ctx(a), BY_NAME + " LIMIT 10 OFFSET 15", false, 0));
        assertThat(page).containsExactlyElementsOf(byName(VISIBLE_TO_A).subList(15, 25));
    }

    @ParameterizedTest(name = "user {0}")
    @MethodSource("users")
    void whenCountThenEachUserCountsOnlyTheRowsTheyMaySee(String name, java.util.function.Supplier<User> user,
            java.util.function.Supplier<Set<String>> visible) {
        Map<String, Object> count = fixture.queries.query(ctx(user.get()), "SELECT COUNT() FROM Account", false, 0);
        assertThat(count.get("totalSize")).isEqualTo((long) visible.get().size());
        long inRange = visible.get().stream().filter(id -> NAMES.get(id).startsWith("Account 1")).count();
        Map<String, Object> filtered = fixture.queries.query(ctx(user.get()),
                "SELECT COUNT() FROM Account WHERE Name LIKE 'account 1%'", false, 0);
        assertThat(filtered.get("totalSize")).isEqualTo(inRange);
        Map<String, Object> limited = fixture.queries.query(ctx(user.get()),
                "SELECT COUNT() FROM Account LIMIT 100", false, 0);
        assertThat(limited.get("totalSize")).isEqualTo(100L);
    }

    @ParameterizedTest(name = "user {0}")
    @MethodSource("users")
    void whenPagingInBatchesOf200ThenEveryVisibleRowComesExactlyOnceAndNoHiddenRow(String name,
            java.util.function.Supplier<User> user, java.util.function.Supplier<Set<String>> visible) {
        RecordContext ctx = ctx(user.get());
        List<String> seen = new ArrayList<>();
        List<Integer> sizes = new ArrayList<>();
        Map<String, Object> page = fixture.queries.query(ctx, BY_NAME, false, 200);
        while (true) {
            assertThat(page.get("totalSize")).isEqualTo((long) visible.get().size());
            seen.addAll(ids(page));
            sizes.add(ids(page).size());
            if (Boolean.TRUE.equals(page.get("done"))) {
                assertThat(page).doesNotContainKey("nextRecordsUrl");
                break;
            }
            String next = (String) page.get("nextRecordsUrl");
            assertThat(next).startsWith("/services/data/v66.0/query/");
            page = fixture.queries.next(ctx, next.substring(next.lastIndexOf('/') + 1));
        }
        int n = visible.get().size();
        assertThat(seen).containsExactlyElementsOf(byName(visible.get()));
        assertThat(sizes).hasSize((n + 199) / 200).allSatisfy(s -> assertThat(s).isLessThanOrEqualTo(200));
    }

    @Test
    void whenLimitSpansTwoBatchesThenPagingStopsAtTheLimit() {
        RecordContext ctx = ctx(b);
        Map<String, Object> first = fixture.queries.query(ctx, BY_NAME + " LIMIT 250", false, 200);
        assertThat(first.get("done")).isEqualTo(false);
        assertThat(first.get("totalSize")).isEqualTo(250L);
        String next = (String) first.get("nextRecordsUrl");
        Map<String, Object> second = fixture.queries.next(ctx, next.substring(next.lastIndexOf('/') + 1));
        assertThat(second.get("done")).isEqualTo(true);
        List<String> all = new ArrayList<>(ids(first));
        all.addAll(ids(second));
        assertThat(all).containsExactlyElementsOf(byName(OWNED_BY_B).subList(0, 250));
    }

    @Test
    void whenAnotherUsersLocatorIsReplayedThenThePageIsPlannedForTheCaller() {
        Map<String, Object> first = fixture.queries.query(ctx(b), BY_NAME, false, 200);
        String next = (String) first.get("nextRecordsUrl");
        Map<String, Object> replayed = fixture.queries.next(ctx(a), next.substring(next.lastIndexOf('/') + 1));
        assertThat(ids(replayed)).containsExactlyElementsOf(byName(VISIBLE_TO_A).subList(200, 220));
        assertThat(replayed.get("totalSize")).isEqualTo(220L);
    }

    static Stream<Arguments> tamperedLocators() {
        Map<String, Object> first = fixture.queries.query(ctx(b), BY_NAME, false, 200);
        String next = (String) first.get("nextRecordsUrl");
        String good = next.substring(next.lastIndexOf('/') + 1);
        int dash = good.lastIndexOf('-');
        String body = good.substring(0, dash);
        char flipped = body.charAt(body.length() / 2) == 'A' ? 'B' : 'A';
        String flippedBody = body.substring(0, body.length() / 2) + flipped + body.substring(body.length() / 2 + 1);
        return Stream.of(
                Arguments.of("empty", ""),
                Arguments.of("no position", body),
                Arguments.of("position not a number", body + "-x"),
                Arguments.of("position with a space", body + "- 5"),
                Arguments.of("crafted position past the largest offset", craft("Q200:" + BY_NAME + " OFFSET 10",
                        Integer.MAX_VALUE)),
                Arguments.of("crafted batch size out of range", craft("Q5:" + BY_NAME, 0)),
                Arguments.of("crafted mode", craft("X200:" + BY_NAME, 0)),
                Arguments.of("crafted text that is not SOQL", craft("Q200:DROP TABLE obj_account", 0)),
                Arguments.of("position overflows int", body + "-99999999999"),
                Arguments.of("truncated body", body.substring(0, body.length() / 2) + "-200"),
                Arguments.of("flipped character", flippedBody + "-200"),
                Arguments.of("not base64", "!!!!-200"),
                Arguments.of("plain text", "SELECT Id FROM Account-200"),
                Arguments.of("id-like", "01gD000000AbCdEIAZ-2000"));
    }

    /** A locator in the documented format ({@code <base64url(deflate(text))>-<position>}) that no server issued. */
    static String craft(String text, int position) {
        java.util.zip.Deflater d = new java.util.zip.Deflater();
        d.setInput(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        d.finish();
        byte[] buf = new byte[8192];
        int n = d.deflate(buf);
        d.end();
        return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(java.util.Arrays.copyOf(buf, n))
                + "-" + position;
    }

    @Test
    void whenCraftedLocatorIsWellFormedThenItPagesLikeAnIssuedOne() {
        Map<String, Object> page = fixture.queries.next(ctx(a), craft("Q200:" + BY_NAME, 210));
        assertThat(ids(page)).containsExactlyElementsOf(byName(VISIBLE_TO_A).subList(210, 220));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("tamperedLocators")
    void whenLocatorIsTamperedThenInvalidQueryLocator(String name, String locator) {
        assertThatThrownBy(() -> fixture.queries.next(ctx(b), locator)).isInstanceOfSatisfying(ApiException.class,
                e -> assertThat(e.code()).isEqualTo(RestErrorCode.INVALID_QUERY_LOCATOR));
    }
}
