using System.Diagnostics.CodeAnalysis;

namespace System
{
    // Throws live out of line so callers' hot paths stay small.
    internal static class ThrowHelper
    {
        [DoesNotReturn] internal static void ThrowArgumentException() => throw new ArgumentException();
        [DoesNotReturn] internal static void ThrowArgumentOutOfRangeException() => throw new ArgumentOutOfRangeException();
        [DoesNotReturn] internal static void ThrowArrayTypeMismatchException() => throw new ArrayTypeMismatchException();
        [DoesNotReturn] internal static void ThrowFormatException() => throw new FormatException();
        [DoesNotReturn] internal static void ThrowIndexOutOfRangeException() => throw new IndexOutOfRangeException();
        [DoesNotReturn] internal static void ThrowInvalidCastException() => throw new InvalidCastException();
        [DoesNotReturn] internal static void ThrowInvalidOperationException() => throw new InvalidOperationException();
        [DoesNotReturn] internal static void ThrowNullReferenceException() => throw new NullReferenceException();
    }
}
