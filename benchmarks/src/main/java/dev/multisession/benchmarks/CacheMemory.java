package dev.multisession.benchmarks;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.util.JSONObjectUtils;
import dev.multisession.core.config.MultiSessionConfig;
import dev.multisession.core.keys.SigningKeys;
import dev.multisession.core.keys.VerificationKeys;
import dev.multisession.core.model.Ids;
import dev.multisession.core.model.Organization;
import dev.multisession.core.model.Session;
import dev.multisession.core.model.SessionStatus;
import dev.multisession.core.model.User;
import dev.multisession.core.token.CachingTokenVerifier;
import dev.multisession.core.token.SessionClaims;
import dev.multisession.core.token.StrictTokenVerifier;
import dev.multisession.core.token.TokenIssuer;
import dev.multisession.core.token.Verification;
import org.openjdk.jol.info.GraphLayout;
import org.openjdk.jol.vm.VM;

import java.lang.management.ManagementFactory;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * Heap retained by the verified-token cache ({@link CachingTokenVerifier}: token string to
 * verified claims, Caffeine, bounded by {@code multisession.cache.verified-tokens}, default
 * 100,000), reported per 10,000 sessions.
 *
 * <ol>
 *   <li>10,000 distinct sessions each get a real token (RS256, the hot path's claims: profile and
 *       organization); each token goes through {@code verify} once, so it is strictly verified
 *       and cached. Then every other reference to the tokens is dropped: what stays is what the
 *       cache keeps alive (the token strings, the claims, Caffeine's nodes).</li>
 *   <li>Measured two ways: used heap after full GCs (MemoryMXBean; run with {@code -XX:+UseSerialGC}
 *       so a full GC leaves only live objects) minus the same before filling; and JOL's walk of
 *       the verifier's object graph, full minus empty.</li>
 *   <li>The bound: 120,000 more entries (the 10,000 real tokens with their signature's last
 *       characters changed, so same length, each with its own session's claims, put through
 *       {@code remember}, the path minted tokens take) must leave exactly the configured maximum
 *       cached; the heap at the bound is measured the same way.</li>
 *   <li>Where an entry's bytes go: each part of the 10,000 entries of step 2 (token, key, claims
 *       and each of their parts) walked by JOL across all entries at once, per entry; Caffeine's
 *       share is what is left of step 2's total.</li>
 *   <li>Step 1 and 2's measurement again with ES256 tokens (a P-256 key, same claims).</li>
 * </ol>
 *
 * <p>Writes JSON to the path given as the first argument (default {@code benchmarks/results/memory.json}).
 */
public final class CacheMemory {
    static final int SESSIONS = 10_000;

    private CacheMemory() {
    }

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args.length > 0 ? args[0] : "benchmarks/results/memory.json");
        Fixture.quietLogs();
        Clock clock = Clock.systemUTC();
        Setup setup = Setup.warmedUp(JWSAlgorithm.RS256, clock);
        MultiSessionConfig config = setup.config();
        TokenIssuer issuer = setup.issuer();
        StrictTokenVerifier strict = setup.strict();

        // 1. Heap after full GCs: empty cache, then 10,000 real tokens verified and cached, nothing else holding them.
        CachingTokenVerifier cache = new CachingTokenVerifier(strict, config);
        long heapEmpty = usedHeapAfterGc();
        java.lang.ref.Reference.reachabilityFence(cache);
        String[] tokens = mint(issuer, clock, SESSIONS);
        long tokenChars = 0;
        for (String t : tokens) {
            tokenChars += t.length();
            if (!(cache.verify(t) instanceof Verification.Valid)) {
                throw new IllegalStateException("a minted token did not verify");
            }
        }
        String[] templates = java.util.Arrays.copyOf(tokens, 100);
        SessionClaims template = ((Verification.Valid) cache.verify(tokens[0])).claims();
        tokens = null;
        // only the small templates array itself is extra: its strings are the cache's own
        long heapFull = usedHeapAfterGc() - VM.current().sizeOf(templates);
        java.lang.ref.Reference.reachabilityFence(cache);
        long cachedAt10k = cache.size();

        // 2. JOL: 10,000 other real tokens verified into a second, empty verifier; object graph after minus before.
        String[] more = mint(issuer, clock, SESSIONS);
        CachingTokenVerifier second = new CachingTokenVerifier(strict, config);
        GraphLayout before = GraphLayout.parseInstance(second);
        for (String t : more) {
            second.verify(t);
        }
        long jol10k = GraphLayout.parseInstance(second).subtract(before).totalSize();
        List<Map<String, Object>> breakdown = breakdown(second, jol10k);
        more = null;
        second = null;
        before = null;

        // 3. The bound, on the first cache: many more entries than the maximum.
        int max = config.verifiedTokenCacheSize();
        int extra = max + 20_000;
        for (int n = 0; n < extra; n++) {
            cache.remember(variant(templates, n), variantClaims(template, n, clock));
        }
        long cachedAtBound = cache.size();
        if (cachedAtBound > max) {
            throw new IllegalStateException("the cache holds " + cachedAtBound + " entries, over its bound " + max);
        }
        long heapBound = usedHeapAfterGc() - VM.current().sizeOf(templates);
        java.lang.ref.Reference.reachabilityFence(cache); // compiled code may otherwise drop it before the GC
        cache = null;
        CachingTokenVerifier third = new CachingTokenVerifier(strict, config);
        before = GraphLayout.parseInstance(third);
        for (int n = 0; n < extra; n++) {
            third.remember(variant(templates, n), variantClaims(template, n, clock));
        }
        third.size();
        long jolBound = GraphLayout.parseInstance(third).subtract(before).totalSize();
        third = null;
        before = null;

        // 4. The same 10,000 sessions with ES256 tokens (multisession.token.algorithm=ES256): JOL and heap.
        Map<String, Object> es256 = measureAlgorithm(JWSAlgorithm.ES256, clock);

        Map<String, Object> result = new LinkedHashMap<>();
        result.put("sessions", SESSIONS);
        result.put("cachedEntries", cachedAt10k);
        result.put("averageTokenChars", tokenChars / SESSIONS);
        result.put("heapBytesPer10k", heapFull - heapEmpty);
        result.put("jolBytesPer10k", jol10k);
        result.put("bytesPerSessionJol", jol10k / SESSIONS);
        result.put("bound", max);
        result.put("putsTotal", SESSIONS + extra);
        result.put("cachedAtBound", cachedAtBound);
        result.put("heapBytesAtBound", heapBound - heapEmpty);
        result.put("jolBytesAtBound", jolBound);
        result.put("es256", es256);
        result.put("breakdown", breakdown);
        result.put("jvm", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
        result.put("gc", ManagementFactory.getGarbageCollectorMXBeans().stream().map(b -> b.getName())
                .reduce((a, b) -> a + ", " + b).orElse("?"));
        String json = JSONObjectUtils.toJSONString(result);
        Files.createDirectories(out.toAbsolutePath().getParent());
        Files.writeString(out, json + "\n", StandardCharsets.UTF_8);
        System.out.println(json);
    }

    /** The configuration, issuer and strict verifier for tokens signed with one algorithm. */
    private record Setup(MultiSessionConfig config, TokenIssuer issuer, StrictTokenVerifier strict) {
        /** Made, then warmed up on a throw-away cache: every class the measured run touches is loaded and initialised. */
        static Setup warmedUp(JWSAlgorithm algorithm, Clock clock) {
            MultiSessionConfig config = Fixture.config().algorithm(algorithm).build();
            SigningKeys keys = SigningKeys.generate(algorithm);
            TokenIssuer issuer = new TokenIssuer(config, keys);
            StrictTokenVerifier strict = new StrictTokenVerifier(config, VerificationKeys.forConfig(config, keys));
            CachingTokenVerifier warm = new CachingTokenVerifier(strict, config);
            for (String t : mint(issuer, clock, 500)) {
                warm.verify(t);
            }
            return new Setup(config, issuer, strict);
        }
    }

    /**
     * 10,000 sessions' tokens signed with {@code algorithm} (same claims, same configuration
     * otherwise), each verified once into an empty cache: retained heap by JOL and after full GCs.
     */
    static Map<String, Object> measureAlgorithm(JWSAlgorithm algorithm, Clock clock) throws InterruptedException {
        Setup setup = Setup.warmedUp(algorithm, clock);
        MultiSessionConfig config = setup.config();
        TokenIssuer issuer = setup.issuer();
        StrictTokenVerifier strict = setup.strict();
        CachingTokenVerifier cache = new CachingTokenVerifier(strict, config);
        long heapEmpty = usedHeapAfterGc();
        GraphLayout before = GraphLayout.parseInstance(cache);
        String[] tokens = mint(issuer, clock, SESSIONS);
        long tokenChars = 0;
        for (String t : tokens) {
            tokenChars += t.length();
            if (!(cache.verify(t) instanceof Verification.Valid)) {
                throw new IllegalStateException("a minted " + algorithm + " token did not verify");
            }
        }
        tokens = null;
        long heapFull = usedHeapAfterGc();
        long jol = GraphLayout.parseInstance(cache).subtract(before).totalSize();
        java.lang.ref.Reference.reachabilityFence(cache);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("algorithm", algorithm.getName());
        m.put("sessions", SESSIONS);
        m.put("averageTokenChars", tokenChars / SESSIONS);
        m.put("jolBytesPer10k", jol);
        m.put("bytesPerSessionJol", jol / SESSIONS);
        m.put("heapBytesPer10k", heapFull - heapEmpty);
        return m;
    }

    /**
     * Where a cached entry's bytes go: each part of the 10,000 entries of {@code cache} walked by JOL
     * together (so what entries share is counted once), divided by the entries. "Caffeine" is the
     * rest of the cache's growth: its node per entry, the hash table, the frequency sketch and the timer wheel.
     */
    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> breakdown(CachingTokenVerifier cache, long jolTotal) throws ReflectiveOperationException {
        Field field = CachingTokenVerifier.class.getDeclaredField("verified");
        field.setAccessible(true);
        Map<Object, SessionClaims> map = ((com.github.benmanes.caffeine.cache.Cache<Object, SessionClaims>) field.get(cache)).asMap();
        List<Object> keys = new ArrayList<>(map.keySet());
        List<SessionClaims> claims = keys.stream().map(map::get).toList();
        Field tokenField = keys.get(0).getClass().getDeclaredField("token");
        tokenField.setAccessible(true);
        List<Object> tokens = new ArrayList<>();
        for (Object k : keys) {
            tokens.add(tokenField.get(k));
        }
        int n = keys.size();
        List<Map<String, Object>> parts = new ArrayList<>();
        long tokenBytes = footprint(tokens);
        long keyBytes = footprint(keys) - tokenBytes;
        long claimsBytes = footprint(claims);
        part(parts, "token string (the key's content)", tokenBytes, n);
        part(parts, "token key (wrapper with the tail hash)", keyBytes, n);
        part(parts, "Caffeine: node, hash table, sketch, timers", jolTotal - tokenBytes - keyBytes - claimsBytes, n);
        part(parts, "claims, all together", claimsBytes, n);
        part(parts, "· the claims object itself", shallow(claims), n);
        part(parts, "· issuer", footprint(claims, c -> Stream.of(c.issuer())), n);
        part(parts, "· session id", footprint(claims, c -> Stream.of(c.sessionId())), n);
        part(parts, "· client id", footprint(claims, c -> Stream.of(c.clientId())), n);
        part(parts, "· authorized party (azp) with its Optional", footprint(claims, c -> Stream.of(c.authorizedParty())), n);
        part(parts, "· issued at, not before (with its Optional), expires", footprint(claims,
                c -> Stream.of(c.issuedAt(), c.notBefore(), c.expiresAt())), n);
        part(parts, "· user, all together", footprint(claims, c -> Stream.of(c.user())), n);
        part(parts, "  · user id", footprint(claims, c -> Stream.of(c.user().id())), n);
        part(parts, "  · profile strings (name, email, username, picture)", footprint(claims,
                c -> Stream.of(c.user().name(), c.user().email(), c.user().username(), c.user().imageUrl())
                        .map(o -> o.orElse(null))), n);
        part(parts, "· organization with its Optional, all together", footprint(claims, c -> Stream.of(c.organization())), n);
        part(parts, "  · id, slug, name, role strings", footprint(claims, c -> c.organization().stream()
                .flatMap(o -> Stream.of(o.id(), o.slug(), o.name(), o.role()))), n);
        part(parts, "  · permissions: the set with its strings", footprint(claims, c -> c.organization().stream()
                .map(Organization::permissions)), n);
        part(parts, "  · permissions: the strings alone", footprint(claims, c -> c.organization().stream()
                .flatMap(o -> o.permissions().stream())), n);
        part(parts, "· actor, task, Clerk claims (Optionals)", footprint(claims, c -> Stream.of(c.actor(), c.task(), c.clerk())), n);
        return parts;
    }

    private static void part(List<Map<String, Object>> parts, String name, long bytes, int entries) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("part", name);
        m.put("bytesPerEntry", Math.round((double) bytes / entries));
        parts.add(m);
    }

    /** JOL's footprint of every object reachable from {@code objects} (the roots: the list itself is not counted). */
    private static long footprint(List<?> objects) {
        Object[] roots = objects.stream().filter(java.util.Objects::nonNull).toArray();
        return roots.length == 0 ? 0 : GraphLayout.parseInstance(roots).totalSize();
    }

    /** The footprint of the parts {@code part} names in each of {@code objects}, all walked together. */
    private static <T> long footprint(List<T> objects, Function<T, Stream<?>> part) {
        return footprint(objects.stream().flatMap(part).toList());
    }

    private static long shallow(List<?> objects) {
        long sum = 0;
        for (Object o : objects) {
            sum += VM.current().sizeOf(o);
        }
        return sum;
    }

    /** {@code count} real tokens of distinct sessions (distinct clients, users, indexes 0..4). */
    static String[] mint(TokenIssuer issuer, Clock clock, int count) {
        Instant now = clock.instant();
        return IntStream.range(0, count).parallel().mapToObj(i -> {
            Session s = Session.builder().id(Ids.newSessionId(clock)).index(i % Fixture.SESSIONS)
                    .clientId(Ids.newClientId(clock)).user(Fixture.user(i)).status(SessionStatus.ACTIVE)
                    .createdAt(now).lastActiveAt(now).expiresAt(now.plusSeconds(7 * 86_400))
                    .activeOrganization(Fixture.organization(i)).build();
            return issuer.mint(s, Optional.of(Fixture.ORIGIN)).value();
        }).toArray(String[]::new);
    }

    /** A token of a real one's length: its signature's last characters replaced by a counter. */
    private static String variant(String[] templates, int n) {
        String base = templates[n % templates.length];
        return base.substring(0, base.length() - 6) + suffix(n);
    }

    /**
     * Claims of another session shaped like {@code t}: every object its own, as the claims parsed
     * from a distinct token are (strings with their own character arrays, own organization, own instants).
     */
    private static SessionClaims variantClaims(SessionClaims t, int n, Clock clock) {
        User user = User.builder("user_v" + n).name(fresh(t.user().name().orElse("?"))).email("v" + n + "@example.com")
                .username("v" + n).build();
        Optional<Organization> org = t.organization().map(o -> Organization.builder(fresh(o.id()), fresh(o.slug()))
                .name(fresh(o.name())).role(fresh(o.role()))
                .permissions(o.permissions().stream().map(CacheMemory::fresh).collect(Collectors.toCollection(LinkedHashSet::new)))
                .build());
        return new SessionClaims(fresh(t.issuer()), user, Ids.newSessionId(clock), Ids.newClientId(clock),
                n % Fixture.SESSIONS, t.authorizedParty().map(CacheMemory::fresh), Instant.ofEpochSecond(t.issuedAt().getEpochSecond()),
                t.notBefore().map(i -> Instant.ofEpochSecond(i.getEpochSecond())),
                Instant.ofEpochSecond(t.expiresAt().getEpochSecond()), org, t.actor());
    }

    /** A copy with its own character array ({@code new String(String)} would share it). */
    private static String fresh(String s) {
        return new String(s.toCharArray());
    }

    private static String suffix(int n) {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        char[] c = new char[6];
        for (int i = 5; i >= 0; i--) {
            c[i] = alphabet.charAt(n & 63);
            n >>>= 6;
        }
        return new String(c);
    }

    static long usedHeapAfterGc() throws InterruptedException {
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 4; i++) {
            System.gc();
            Thread.sleep(100);
            used = Math.min(used, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
        }
        return used;
    }
}
