// What every connection of one server shares: the item store and the one lock around it, the
// settings, the server-wide counters, and the wall clock.
//
// Locking: ItemStore is single-threaded, so a connection holds Lock() around each store call
// (each key of a multi-key get separately, so one long get does not hold the others off), and
// copies a found value into its own reply buffer before letting go: nothing of the store is
// referenced outside the lock. memcached 1.4's first threaded design held one cache lock the
// same way; its later per-bucket item locks are a refinement this lock leaves room for.
// Counters that connections bump outside the lock (bytes, connections) are Interlocked.
//
// Time: the store takes `now` in Unix seconds (absolute expiry times are Unix times); the clock
// comes in through IUnixClock so tests can move it.
using Interlocked = System.Threading.Interlocked;
using Memcached.Store;
using OSv.Core.Sync;

namespace Memcached.Server
{
    public interface IUnixClock
    {
        long UnixSeconds { get; }
    }

    public sealed class Cache
    {
        // memcached's VERSION line names its release; ours names the protocol level it follows.
        public static System.ReadOnlySpan<byte> Version => "1.6.18-osv"u8;

        private readonly Mutex storeLock = new Mutex();
        private readonly IUnixClock clock;

        public ItemStore Store { get; }
        public ServerSettings Settings { get; }
        public ServerCounters Counters { get; } = new ServerCounters();
        public long StartedAtUnixSeconds { get; }

        public Cache(ServerSettings settings, IUnixClock clock)
        {
            Settings = settings;
            this.clock = clock;
            Store = new ItemStore(settings.MemoryLimitBytes, settings.ItemSizeMax);
            StartedAtUnixSeconds = clock.UnixSeconds;
        }

        public long NowSeconds => clock.UnixSeconds;

        public void Lock() => storeLock.Lock();

        public void Unlock() => storeLock.Unlock();
    }

    // Server-wide counters for "stats" that the store does not keep (memcached's stats_state and
    // thread stats). Fields, so Interlocked can take them by reference.
    public sealed class ServerCounters
    {
        public long CurrentConnections;  // curr_connections
        public long TotalConnections;    // total_connections
        public long RejectedConnections; // rejected_connections: refused at -c
        public long ConnectionYields;    // conn_yields: a connection paused because its replies backed up
        public long BytesRead;           // bytes_read
        public long BytesWritten;        // bytes_written
        public long AuthErrors;          // never counted: no SASL

        public void CountYield() => Interlocked.Increment(ref ConnectionYields);
        public void AddRead(long bytes) => Interlocked.Add(ref BytesRead, bytes);
        public void AddWritten(long bytes) => Interlocked.Add(ref BytesWritten, bytes);

        public void ConnectionOpened()
        {
            Interlocked.Increment(ref CurrentConnections);
            Interlocked.Increment(ref TotalConnections);
        }

        public void ConnectionClosed() => Interlocked.Decrement(ref CurrentConnections);
    }
}
