package io.userbound.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.userbound.core.port.StoreException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Group fsync: no caller returns before a force that began after its commit, and waiting callers share a force. */
class GroupSyncTest {
    private final ExecutorService threads = Executors.newCachedThreadPool();

    @AfterEach
    void stop() {
        threads.shutdownNow();
    }

    /** A force that blocks until the test lets it finish, counting how often it began. */
    static final class GatedForce implements GroupSync.Force {
        final AtomicInteger began = new AtomicInteger();
        final Semaphore finish = new Semaphore(0);
        final Semaphore started = new Semaphore(0);

        @Override
        public void force() throws InterruptedException {
            began.incrementAndGet();
            started.release();
            if (!finish.tryAcquire(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the test never let the force finish");
            }
        }
    }

    @Test
    void whenOneCallerAwaitsThenOneForceRunsBeforeItReturns() {
        AtomicInteger forced = new AtomicInteger();
        GroupSync sync = new GroupSync(forced::incrementAndGet);

        sync.await();
        sync.await();

        assertThat(forced.get()).isEqualTo(2);
        assertThat(sync.forces()).isEqualTo(2);
    }

    @Test
    void whenACallerArrivesDuringAForceThenThatForceDoesNotReleaseIt() throws Exception {
        GatedForce force = new GatedForce();
        GroupSync sync = new GroupSync(force);
        Future<?> first = threads.submit(sync::await);
        assertThat(force.started.tryAcquire(5, TimeUnit.SECONDS)).isTrue();

        // its commit finished after the running force began, so that force may have missed it
        Future<?> late = threads.submit(sync::await);
        Thread.sleep(100);
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
        Future<?> first = threads.submit(sync::await);
        assertThat(force.started.tryAcquire(5, TimeUnit.SECONDS)).isTrue();
        int waiting = 20;
        CountDownLatch submitted = new CountDownLatch(waiting);
        List<Future<?>> rest = new ArrayList<>();
        for (int i = 0; i < waiting; i++) {
            rest.add(threads.submit(() -> {
                submitted.countDown();
                sync.await();
            }));
        }
        submitted.await();
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
    void whenTheForceFailsThenTheCallerIsRefusedAndTheNextCallerForcesAgain() {
        AtomicInteger calls = new AtomicInteger();
        GroupSync sync = new GroupSync(() -> {
            if (calls.incrementAndGet() == 1) {
                throw new java.io.IOException("No space left on device");
            }
        });

        assertThatThrownBy(sync::await).isInstanceOf(StoreException.class)
                .hasMessageContaining("could not be forced to disk").hasMessageContaining("No space left on device");
        sync.await();

        assertThat(calls.get()).isEqualTo(2);
        assertThat(sync.forces()).isEqualTo(1);
    }
}
