// Exceptions that ilc-generated code raises (bounds checks, null checks, overflow, bad casts).
namespace Internal.Runtime.CompilerHelpers
{
    internal static class ThrowHelpers
    {
        private static void ThrowOverflowException() => throw new System.OverflowException();
        private static void ThrowIndexOutOfRangeException() => throw new System.IndexOutOfRangeException();
        private static void ThrowNullReferenceException() => throw new System.NullReferenceException();
        private static void ThrowDivideByZeroException() => throw new System.DivideByZeroException();
        private static void ThrowArrayTypeMismatchException() => throw new System.ArrayTypeMismatchException();
        private static void ThrowPlatformNotSupportedException() => throw new System.PlatformNotSupportedException();
        private static void ThrowTypeLoadException() => throw new System.TypeLoadException();
        private static void ThrowArgumentException() => throw new System.ArgumentException();
        private static void ThrowArgumentOutOfRangeException() => throw new System.ArgumentOutOfRangeException();
        private static void ThrowInvalidProgramException() => throw new System.InvalidProgramException();
        private static void ThrowMissingMethodException() => throw new System.MissingMethodException();
        private static void ThrowBadImageFormatException() => throw new System.BadImageFormatException();
        private static void ThrowNotSupportedException() => throw new System.NotSupportedException();

        // Code that ilc removed (for example a feature switch turned off) reached anyway.
        private static void ThrowFeatureBodyRemoved() => throw new System.NotSupportedException("feature body removed by the compiler");
    }
}
