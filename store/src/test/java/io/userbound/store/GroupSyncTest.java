package io.userbound.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.userbound.core.port.StoreException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Group force: no caller returns before a force that began after its commit, on the same database; waiting callers
 * share a force; a failed force, a replaced database, or a closed connection refuses the callers it concerns.
 */
class GroupSyncTest {
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private Connection open;

    @BeforeEach
    void connect() throws Exception {
        open = DriverManager.getConnection("jdbc:h2:mem:sync-" + UUID.randomUUID());
    }

    @AfterEach
    void stop() throws Exception {
        threads.shutdownNow();
        open.close();
    }

    /** A force that blocks until the test lets it finish; its generation is set by the test. */
    static final class GatedForce implements GroupSync.Force {
        final AtomicInteger began = new AtomicInteger();
        final AtomicLong generation = new AtomicLong(1);
        final Semaphore finish = new Semaphore(0);
        final Semaphore started = new Semaphore(0);
        volatile boolean gated = true;

        @Override
        public long generation() {
            return generation.get();
        }

        @Override
        public long force() throws InterruptedException {
            began.incrementAndGet();
            started.release();
            // well past GroupSync.WAIT_MILLIS: a gate that gave up first would let a waiting caller start its own force
            if (gated && !finish.tryAcquire(3 * GroupSync.WAIT_MILLIS, TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException("the test never let the force finish");
            }
            return generation.get();
        }
    }

    private void commitAndAwait(GroupSync sync) {
        sync.await(sync.committed(open));
    }

    @Test
    void whenOneCallerAwaitsThenOneForceRunsBeforeItReturns() {
        GatedForce force = new GatedForce();
        force.gated = false;
        GroupSync sync = new GroupSync(force);

        commitAndAwait(sync);
        commitAndAwait(sync);

        assertThat(force.began.get()).isEqualTo(2);
        assertThat(sync.forces()).isEqualTo(2);
    }

    @Test
    void whenACallerCommitsDuringAForceThenThatForceDoesNotReleaseIt() throws Exception {
        GatedForce force = new GatedForce();
        GroupSync sync = new GroupSync(force);
        Future<?> first = threads.submit(() -> commitAndAwait(sync));
        assertThat(force.started.tryAcquire(5, TimeUnit.SECONDS)).isTrue();

        // its commit finished after the running force began, so that force may have missed it
        Future<?> late = threads.submit(() -> commitAndAwait(sync));
        while (sync.ticketsTaken() < 2) {
            Thread.sleep(5);
        }
        force.finish.release();
        first.get(5, TimeUnit.SECONDS);

        assertThat(force.started.tryAcquire(5, TimeUnit.SECONDS)).as("a second force began").isTrue();
        assertThat(late.isDone()).as("released before its own force finished").isFalse();
        force.finish.release();
        late.get(5, TimeUnit.SECONDS);
        assertThat(force.began.get()).isEqualTo(2);
    }

    @Test
    void whenManyCallersWaitDuringAForceThenOneMoreForceReleasesThemAll() throws Exception {
        GatedForce force = new GatedForce();
        GroupSync sync = new GroupSync(force);
        Future<?> first = threads.submit(() -> commitAndAwait(sync));
        assertThat(force.started.tryAcquire(5, TimeUnit.SECONDS)).isTrue();
        int waiting = 20;
        List<Future<?>> rest = new ArrayList<>();
        for (int i = 0; i < waiting; i++) {
            rest.add(threads.submit(() -> commitAndAwait(sync)));
        }
        while (sync.ticketsTaken() < waiting + 1) {
            Thread.sleep(5);
        }

        force.finish.release(2);
        first.get(5, TimeUnit.SECONDS);
        for (Future<?> f : rest) {
            f.get(5, TimeUnit.SECONDS);
        }

        assertThat(force.began.get()).as("forces for 21 callers").isEqualTo(2);
    }

    @Test
    void whenTheForceFailsThenTheCallerIsRefusedAsUnavailableAndTheNextCallerForcesAgain() {
        AtomicInteger calls = new AtomicInteger();
        List<Exception> told = new ArrayList<>();
        GroupSync sync = new GroupSync(new GroupSync.Force() {
            @Override
            public long generation() {
                return 1;
            }

            @Override
            public long force() throws Exception {
                if (calls.incrementAndGet() == 1) {
                    throw new java.io.IOException("No space left on device");
                }
                return 1;
            }
        }, told::add);

        assertThatThrownBy(() -> commitAndAwait(sync)).isInstanceOfSatisfying(StoreException.class, e -> {
            assertThat(e.unavailable()).isTrue();
            assertThat(e).hasMessageContaining("could not be forced to disk").hasMessageContaining("No space left");
        });
        commitAndAwait(sync);

        assertThat(calls.get()).isEqualTo(2);
        assertThat(sync.forces()).isEqualTo(1);
        assertThat(told).singleElement().satisfies(e -> assertThat(e).hasMessage("No space left on device"));
    }

    @Test
    void whenTheDatabaseWasReplacedSinceTheCommitThenAForceOfTheNewOneDoesNotReleaseIt() {
        GatedForce force = new GatedForce();
        force.gated = false;
        GroupSync sync = new GroupSync(force);
        DurableCommits.Ticket beforeTheFault = sync.committed(open);

        // the force connection failed and was opened again: a new opening of the file, without what the old one held
        force.generation.set(2);
        commitAndAwait(sync);

        assertThatThrownBy(() -> sync.await(beforeTheFault)).isInstanceOfSatisfying(StoreException.class,
                e -> assertThat(e.unavailable()).isTrue());
    }

    @Test
    void whenTheCommittingConnectionIsClosedThenTheCommitIsRefusedAsPossiblyLost() throws Exception {
        GroupSync sync = new GroupSync(new GatedForce());
        open.close();

        assertThatThrownBy(() -> sync.committed(open)).isInstanceOfSatisfying(StoreException.class, e -> {
            assertThat(e.unavailable()).isTrue();
            assertThat(e).hasMessageContaining("may be lost");
        });
    }

    @Test
    void whenAForceStallsThenWaitingCallersAreRefusedAfterTheBound() throws Exception {
        GatedForce force = new GatedForce();
        GroupSync sync = new GroupSync(force);
        threads.submit(() -> commitAndAwait(sync));
        assertThat(force.started.tryAcquire(5, TimeUnit.SECONDS)).isTrue();
        long start = System.nanoTime();

        assertThatThrownBy(() -> commitAndAwait(sync)).isInstanceOfSatisfying(StoreException.class, e -> {
            assertThat(e.unavailable()).isTrue();
            assertThat(e).hasMessageContaining("not forced to disk within");
        });

        assertThat((System.nanoTime() - start) / 1_000_000).isBetween(GroupSync.WAIT_MILLIS - 100,
                GroupSync.WAIT_MILLIS + 3_000);
        force.finish.release(10);
    }
}
