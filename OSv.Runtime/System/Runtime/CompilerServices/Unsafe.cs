// Low-level reference and pointer operations. ilc replaces the body of every [Intrinsic] method
// here with the IL it stands for (an add, a reinterpretation, a sizeof), so the throwing bodies
// never run; they exist because C# needs a body.
using System.Runtime.Versioning;

namespace System.Runtime.CompilerServices
{
    public static unsafe class Unsafe
    {
        [Intrinsic] public static void* AsPointer<T>(ref readonly T value) => throw new PlatformNotSupportedException();
        [Intrinsic] public static int SizeOf<T>() => throw new PlatformNotSupportedException();
        [Intrinsic] public static T As<T>(object? value) where T : class? => throw new PlatformNotSupportedException();
        [Intrinsic] public static ref TTo As<TFrom, TTo>(ref TFrom source) => throw new PlatformNotSupportedException();
        [Intrinsic] public static ref T AsRef<T>(void* source) => throw new PlatformNotSupportedException();
        [Intrinsic] public static ref T AsRef<T>(scoped ref readonly T source) => throw new PlatformNotSupportedException();
        [Intrinsic] public static ref T Add<T>(ref T source, int elementOffset) => throw new PlatformNotSupportedException();
        [Intrinsic] public static ref T Add<T>(ref T source, nint elementOffset) => throw new PlatformNotSupportedException();
        [Intrinsic] public static ref T AddByteOffset<T>(ref T source, nint byteOffset) => throw new PlatformNotSupportedException();
        [Intrinsic] public static ref T Subtract<T>(ref T source, int elementOffset) => throw new PlatformNotSupportedException();
        [Intrinsic] public static nint ByteOffset<T>(ref readonly T origin, ref readonly T target) => throw new PlatformNotSupportedException();
        [Intrinsic] public static bool AreSame<T>(ref readonly T left, ref readonly T right) => throw new PlatformNotSupportedException();
        [Intrinsic] public static bool IsNullRef<T>(ref readonly T source) => throw new PlatformNotSupportedException();
        [Intrinsic] public static ref T NullRef<T>() => throw new PlatformNotSupportedException();
        [Intrinsic] public static T Read<T>(void* source) => throw new PlatformNotSupportedException();
        [Intrinsic] public static void Write<T>(void* destination, T value) => throw new PlatformNotSupportedException();
        [Intrinsic] public static T ReadUnaligned<T>(void* source) => throw new PlatformNotSupportedException();
        [Intrinsic] public static T ReadUnaligned<T>(ref readonly byte source) => throw new PlatformNotSupportedException();
        [Intrinsic] public static void WriteUnaligned<T>(void* destination, T value) => throw new PlatformNotSupportedException();
        [Intrinsic] public static void WriteUnaligned<T>(ref byte destination, T value) => throw new PlatformNotSupportedException();
        [Intrinsic] public static void SkipInit<T>(out T value) => throw new PlatformNotSupportedException();
    }
}
