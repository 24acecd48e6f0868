// The synchronisation primitives on the metal scheduler: exclusion under preemption, condition
// variables delivering every item once, semaphores counting.
using OSv.Core.Sched;
using OSv.Core.Sync;

internal static class Synchronisation
{
    private const int Workers = 4;
    private const int IncrementsPerWorker = 5000;

    // Increments race unless the mutex excludes: a read-pause-write inside the section would
    // lose updates if two threads were ever inside together (preemption makes them try).
    public static void MutexExclusion()
    {
        var mutex = new Mutex();
        long counter = 0;
        int inside = 0;
        bool overlapped = false;
        Thread[] workers = new Thread[Workers];
        for (int w = 0; w < Workers; w++)
        {
            workers[w] = Thread.Start(() =>
            {
                for (int i = 0; i < IncrementsPerWorker; i++)
                {
                    mutex.Lock();
                    if (++inside != 1)
                        overlapped = true;
                    long value = counter;
                    if ((i & 63) == 0)
                        Thread.Yield();
                    counter = value + 1;
                    inside--;
                    mutex.Unlock();
                }
            }, "incrementer" + w);
        }
        for (int w = 0; w < Workers; w++)
            workers[w].Join();
        Check.Equal("mutex.counter.exact", (long)Workers * IncrementsPerWorker, counter);
        Check.That("mutex.never.two.inside", !overlapped);
        Check.That("mutex.trylock.free", mutex.TryLock());
        mutex.Unlock();
    }

    public static void ProducerConsumer()
    {
        const int items = 2000;
        const int capacity = 8;
        var mutex = new Mutex();
        var notEmpty = new CondVar();
        var notFull = new CondVar();
        int[] buffer = new int[capacity];
        int head = 0, count = 0;
        int[] seen = new int[items];
        Thread consumer = Thread.Start(() =>
        {
            for (int received = 0; received < items; received++)
            {
                mutex.Lock();
                while (count == 0)
                    notEmpty.Wait(mutex);
                int item = buffer[head];
                head = (head + 1) % capacity;
                count--;
                notFull.Signal();
                mutex.Unlock();
                seen[item]++;
            }
        }, "consumer");
        for (int item = 0; item < items; item++)
        {
            mutex.Lock();
            while (count == capacity)
                notFull.Wait(mutex);
            buffer[(head + count) % capacity] = item;
            count++;
            notEmpty.Signal();
            mutex.Unlock();
        }
        consumer.Join();
        bool eachOnce = true;
        for (int i = 0; i < items; i++)
            eachOnce &= seen[i] == 1;
        Check.That("condvar.every.item.once", eachOnce);
    }

    public static void Semaphores()
    {
        var slots = new Semaphore(2);
        int holders = 0, mostHolders = 0;
        Thread[] users = new Thread[4];
        for (int u = 0; u < users.Length; u++)
        {
            users[u] = Thread.Start(() =>
            {
                for (int i = 0; i < 50; i++)
                {
                    slots.Wait();
                    int now = System.Threading.Interlocked.Increment(ref holders);
                    if (now > mostHolders)
                        mostHolders = now;
                    Thread.Yield();
                    System.Threading.Interlocked.Decrement(ref holders);
                    slots.Release();
                }
            }, "user" + u);
        }
        for (int u = 0; u < users.Length; u++)
            users[u].Join();
        Check.That("semaphore.bounds.holders", mostHolders >= 1 && mostHolders <= 2);
        Check.That("semaphore.timeout.when.empty", slots.TryWait() && slots.TryWait() && !slots.Wait(5_000_000));
    }
}
