// Atomic operations. Every method here is an intrinsic the JIT expands to one locked instruction
// (lock cmpxchg, xchg, lock xadd, mfence); the self-calls are never executed. Reference-typed
// variants are absent on purpose: with a collector they need a barrier-aware helper (issue 4).
using System.Runtime.CompilerServices;

namespace System.Threading
{
    public static class Interlocked
    {
        [Intrinsic] public static int CompareExchange(ref int location1, int value, int comparand) => CompareExchange(ref location1, value, comparand);
        [Intrinsic] public static long CompareExchange(ref long location1, long value, long comparand) => CompareExchange(ref location1, value, comparand);
        [Intrinsic] public static int Exchange(ref int location1, int value) => Exchange(ref location1, value);
        [Intrinsic] public static long Exchange(ref long location1, long value) => Exchange(ref location1, value);
        [Intrinsic] public static int ExchangeAdd(ref int location1, int value) => ExchangeAdd(ref location1, value);
        [Intrinsic] public static long ExchangeAdd(ref long location1, long value) => ExchangeAdd(ref location1, value);
        [Intrinsic] public static void MemoryBarrier() => MemoryBarrier();

        public static nint CompareExchange(ref nint location1, nint value, nint comparand) =>
            (nint)CompareExchange(ref Unsafe.As<nint, long>(ref location1), value, comparand);

        public static nint Exchange(ref nint location1, nint value) =>
            (nint)Exchange(ref Unsafe.As<nint, long>(ref location1), value);

        public static uint CompareExchange(ref uint location1, uint value, uint comparand) =>
            (uint)CompareExchange(ref Unsafe.As<uint, int>(ref location1), (int)value, (int)comparand);

        public static int Add(ref int location1, int value) => ExchangeAdd(ref location1, value) + value;
        public static long Add(ref long location1, long value) => ExchangeAdd(ref location1, value) + value;
        public static int Increment(ref int location) => Add(ref location, 1);
        public static long Increment(ref long location) => Add(ref location, 1);
        public static int Decrement(ref int location) => Add(ref location, -1);
        public static long Decrement(ref long location) => Add(ref location, -1);
    }

    // Ordered loads and stores. On x86-64 a volatile load has acquire and a volatile store has
    // release semantics without a fence; the compiler must just not reorder or cache them.
    public static class Volatile
    {
        [Intrinsic] public static int Read(ref readonly int location) => Read(in location);
        [Intrinsic] public static long Read(ref readonly long location) => Read(in location);
        [Intrinsic] public static bool Read(ref readonly bool location) => Read(in location);
        [Intrinsic] public static nint Read(ref readonly nint location) => Read(in location);
        [Intrinsic] public static T? Read<T>(ref readonly T? location) where T : class? => Read(in location);
        [Intrinsic] public static void Write(ref int location, int value) => Write(ref location, value);
        [Intrinsic] public static void Write(ref long location, long value) => Write(ref location, value);
        [Intrinsic] public static void Write(ref bool location, bool value) => Write(ref location, value);
        [Intrinsic] public static void Write(ref nint location, nint value) => Write(ref location, value);
        [Intrinsic] public static void Write<T>(ref T? location, T? value) where T : class? => Write(ref location, value);
    }
}
