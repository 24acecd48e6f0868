// Exceptions the runtime raises itself, made the way NativeAOT's runtime makes them: it asks the
// classlib (CoreLib) through its GetRuntimeException callback (ClasslibIds) rather than
// constructing one, so the type is CoreLib's own and out of memory gets CoreLib's preallocated
// OutOfMemoryException: throwing it allocates nothing (the allocator calls this when the heap is
// full even after a collection, as Runtime.Base's RhExceptionHandling_FailedAllocation does).
//
// CoreLib answers null until reflection's execution environment exists
// (RuntimeExceptionHelpers.SafeToPerformRichExceptionSupport), i.e. before Main's runtime
// start-up finishes; NativeAOT then fails fast, and so do we: a panic naming the reason.
using System;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using OSv.Runtime.Memory;

namespace OSv.Runtime.Exceptions;

internal static unsafe class RuntimeExceptions
{
    /// <summary>Throws CoreLib's preallocated OutOfMemoryException (allocates nothing).</summary>
    [DoesNotReturn, MethodImpl(MethodImplOptions.NoInlining)]
    public static void ThrowOutOfMemory()
    {
        Exception? outOfMemory = FromClasslib(ClasslibIds.OutOfMemoryException);
        if (outOfMemory == null)
            Fail.Stop("runtime: out of memory for an object (before CoreLib can make exceptions)"u8);
        throw outOfMemory!;
    }

    /// <summary>Throws CoreLib's OverflowException (an array length below zero).</summary>
    [DoesNotReturn, MethodImpl(MethodImplOptions.NoInlining)]
    public static void ThrowOverflow()
    {
        Exception? overflow = FromClasslib(ClasslibIds.OverflowException);
        if (overflow == null)
            Fail.Stop("runtime: negative array length (before CoreLib can make exceptions)"u8);
        throw overflow!;
    }

    private static Exception? FromClasslib(int exceptionId)
    {
        void* entry = ExceptionExports.ClasslibFunctions()[ClasslibIds.GetRuntimeExceptionFunction];
        if (entry == null)
            return null;
        return ((delegate*<int, Exception?>)entry)(exceptionId);
    }
}
