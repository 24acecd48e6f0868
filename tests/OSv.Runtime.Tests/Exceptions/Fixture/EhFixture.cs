// The program the exception-table tests decode. It is compiled by ilc 10.0.12 against the real
// System.Private.CoreLib (make-fixture.sh) and linked into eh-fixture.so; the tests read that
// file, not this one. Each method below has one EH shape; Thrower is the call every try range must
// contain, and the methods are NoInlining so each keeps its own frame, tables and funclets.
using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

internal static class EhShapes
{
    [MethodImpl(MethodImplOptions.NoInlining)]
    internal static void Thrower(int x)
    {
        if (x > 0)
            throw new InvalidOperationException();
        if (x < 0)
            throw new ArgumentException("argument", nameof(x));
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    internal static int CatchByType(int x)
    {
        try
        {
            Thrower(x);
            return 1;
        }
        catch (InvalidOperationException)
        {
            return 2;
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    internal static int CatchWithFilter(int x)
    {
        try
        {
            Thrower(x);
            return 1;
        }
        catch (ArgumentException e) when (e.ParamName!.Length == x + 2)
        {
            return 3;
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    internal static int FinallyRuns(int x)
    {
        int result = 0;
        try
        {
            Thrower(x);
            result = 1;
        }
        finally
        {
            Sink(result);
        }
        return result;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    internal static int NestedTryInCatch(int x)
    {
        try
        {
            Thrower(x);
            return 1;
        }
        catch (InvalidOperationException)
        {
            try
            {
                Thrower(-x);
                return 4;
            }
            catch (ArgumentException)
            {
                return 5;
            }
        }
        finally
        {
            Sink(x);
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    internal static int Rethrows(int x)
    {
        try
        {
            Thrower(x);
            return 1;
        }
        catch (Exception)
        {
            Sink(x);
            throw;
        }
    }

    // A frame with callee-saved registers live across the call, so its unwind info saves some.
    [MethodImpl(MethodImplOptions.NoInlining)]
    internal static long ManyLiveValues(long a, long b, long c, long d, long e, long f)
    {
        long sum = a * b + c;
        Thrower((int)sum);
        long other = d * e + f;
        Thrower((int)other);
        return sum + other + a + b + c + d + e + f;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void Sink(long value)
    {
        s_sink = value;
    }

    private static long s_sink;

    [UnmanagedCallersOnly(EntryPoint = "EhFixture_Run")]
    private static int Run(int x)
    {
        return CatchByType(x) + CatchWithFilter(x) + FinallyRuns(x) + NestedTryInCatch(x)
            + Rethrows(x) + (int)ManyLiveValues(x, x + 1, x + 2, x + 3, x + 4, x + 5);
    }
}
