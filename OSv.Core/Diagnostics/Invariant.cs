// Assertions for the kernel's invariants (style rule 10): always on, in every build, because a
// broken invariant in a scheduler or timer structure means memory the kernel relies on is wrong,
// and running on would turn one bug into many. On metal a failure panics through Machine.Panic
// (report on the serial console, exit status 127); hosted it throws, so that a test or a
// deterministic simulation reports the failing check, and the seed it printed, instead of the
// test host vanishing with the process.
//
// Caller rules: the condition must be cheap and free of side effects; the message is a literal
// (no formatting on the hot path: the string is only read when the check fails). Checks that
// cost O(n) belong in a structure's CheckInvariants method, which tests call after each step.
using System.Runtime.CompilerServices;

namespace OSv.Core.Diagnostics
{
    public static partial class Invariant
    {
        // Fast path: one compare and a not-taken branch; the failure path is out of line.
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void Assert(bool condition, string what)
        {
            if (!condition)
                Fail(what);
        }

        // Never returns.
        [MethodImpl(MethodImplOptions.NoInlining)]
        public static void Fail(string what) => FailCore("invariant failed: " + what);
    }
}
