// ThrowHelper: the Sync primitives' misuse errors, thrown from never-inlined methods so that the
// fast paths stay small (style rule 5). These are caller bugs, not kernel corruption: hosted they
// are ordinary exceptions a test can observe; on metal every throw is unhandled and panics,
// naming the exception type and message.
using System;
using System.Runtime.CompilerServices;

namespace OSv.Core.Sync
{
    internal static class ThrowHelper
    {
        [MethodImpl(MethodImplOptions.NoInlining)]
        public static void ThrowNotOwner() =>
            throw new InvalidOperationException("Mutex.Unlock on a thread that does not hold the mutex");

        [MethodImpl(MethodImplOptions.NoInlining)]
        public static void ThrowRecursionTooDeep() =>
            throw new InvalidOperationException("Mutex recursion depth exceeds int.MaxValue");

        [MethodImpl(MethodImplOptions.NoInlining)]
        public static void ThrowMutexNotHeldOnce() =>
            throw new InvalidOperationException("waiting requires the mutex held exactly once by the calling thread");

        [MethodImpl(MethodImplOptions.NoInlining)]
        public static void ThrowMixedMutexes() =>
            throw new InvalidOperationException("concurrent waits on one condition must use the same mutex");

        [MethodImpl(MethodImplOptions.NoInlining)]
        public static void ThrowWakeWithoutMutex() =>
            throw new InvalidOperationException("WaitQueue wakes require the waiters' mutex held by the calling thread");

        [MethodImpl(MethodImplOptions.NoInlining)]
        public static void ThrowReleaseCountOutOfRange() =>
            throw new ArgumentOutOfRangeException("count");

        [MethodImpl(MethodImplOptions.NoInlining)]
        public static void ThrowInitialCountOutOfRange() =>
            throw new ArgumentOutOfRangeException("initialCount");

        [MethodImpl(MethodImplOptions.NoInlining)]
        public static void ThrowSemaphoreFull() =>
            throw new InvalidOperationException("Semaphore.Release would exceed the semaphore's maximum count");
    }
}
