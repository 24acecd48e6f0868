// Capacities of the kernel core's fixed tables, in one place (style rule 3: every queue, table and
// pool takes its bound from a named constant here). Each is allocated once and never grows; when
// one is exhausted the kernel panics naming the constant, rather than allocate on a data path.
namespace OSv.Core
{
    public static partial class Limits
    {
        // Threads that can ever block on a Sync primitive (OSv.Core.Sync.WaitRecordTable): each
        // gets a small integer id on its first contended wait, so that lock-free queues can link
        // wait records with integer compare-and-swap. Ids are returned when a thread exits.
        // Hosted test runs create a few hundred threads in one process and return nothing, so
        // the bound is generous; the table costs 20 bytes per id (80 KiB).
        public const int ThreadsMax = 4096;

        // A CPU's run queue (OSv.Core.Sched.RunQueue) can hold every thread: the load balancer
        // may move any runnable thread to any CPU, and pinning may put all of them on one.
        public const int RunQueueCapacity = ThreadsMax;

        // Timers the kernel itself arms on one CPU besides the threads' own: the preemption
        // timer, the load balancer's period, and room for drivers and the network stack.
        public const int KernelTimersPerCpuMax = 64;

        // A CPU's timer list (OSv.Core.Time.TimerList): each thread arms at most one timer at a
        // time (its sleep or wait timeout), plus the kernel's.
        public const int TimerListCapacity = ThreadsMax + KernelTimersPerCpuMax;

        // Compile-time relations (a false one makes the constant 256, which a byte cannot hold).
        private const byte RunQueueHoldsEveryThread = RunQueueCapacity >= ThreadsMax ? 0 : 256;
        private const byte TimerListHoldsEveryThread = TimerListCapacity >= ThreadsMax ? 0 : 256;

        // Physical memory (OSv.Core.Memory.PhysicalRanges and PageFrameAllocator). RAM above this
        // address is ignored: the frame bitmap spans from the lowest to the highest usable frame,
        // one bit per 4 KiB, so this bounds it at 32 MiB (a 4 GiB machine needs 128 KiB).
        public const ulong PhysicalMemoryBytesMax = 1UL << 40;

        // Usable ranges left after cutting reserved ones out of the firmware's map (each reserved
        // range inside a usable one adds a range). PVH maps on QEMU have a handful.
        public const int PhysicalRangesMax = 64;

        // CPUs the page-frame allocator keeps a cache of free frames for.
        public const int PageFrameCpusMax = 64;

        // A CPU's cache of free single frames (OSv's L1). Single-frame allocate and free touch only
        // it until it runs empty or full; then one batch moves to or from the global pool under the
        // pool lock. Frames a CPU holds here are unavailable to others: at most
        // PageFrameCpusMax · PageFrameCacheCapacity frames (16 MiB) can sit in caches.
        public const int PageFrameCacheCapacity = 64;

        // Frames moved per refill or drain. At most half the capacity, so that after a refill or
        // a drain at least a batch of operations in either direction stays in the cache
        // (hysteresis: a CPU alternating allocate and free never touches the pool).
        public const int PageFrameCacheBatchFrames = 32;

        private const byte PageFrameBatchIsPositive = PageFrameCacheBatchFrames >= 1 ? 0 : 256;
        private const byte PageFrameBatchLeavesHysteresis = PageFrameCacheBatchFrames * 2 <= PageFrameCacheCapacity ? 0 : 256;
    }
}
