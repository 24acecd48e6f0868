using Internal.Runtime;

namespace System.Runtime.CompilerServices
{
    public static unsafe class RuntimeHelpers
    {
        // ilc expands array initialisers with constant data at compile time.
        [Intrinsic]
        public static void InitializeArray(Array array, RuntimeFieldHandle fldHandle) =>
            RuntimeFailure.FailFast("RuntimeHelpers.InitializeArray reached at run time");

        [Intrinsic]
        public static ReadOnlySpan<T> CreateSpan<T>(RuntimeFieldHandle fldHandle) => throw new PlatformNotSupportedException();

        [Intrinsic]
        public static bool IsReferenceOrContainsReferences<T>() => throw new PlatformNotSupportedException();

        public static int OffsetToStringData => sizeof(nint) + sizeof(int);

        // Objects never move in the interim heap, so the address is a stable identity hash.
        public static int GetHashCode(object? o)
        {
            if (o is null)
                return 0;
            nint address = *(nint*)AsPointer(ref o);
            return (int)address ^ (int)(address >> 32);
        }

        private static void* AsPointer(ref object o) => Unsafe.AsPointer(ref o);
    }

    public static class RuntimeFeature
    {
        // csc looks these up to allow default interface methods, static abstract members and
        // ref fields (Span<T> is built on one).
        public const string DefaultImplementationsOfInterfaces = nameof(DefaultImplementationsOfInterfaces);
        public const string VirtualStaticsInInterfaces = nameof(VirtualStaticsInInterfaces);
        public const string ByRefFields = nameof(ByRefFields);
        public const string NumericIntPtr = nameof(NumericIntPtr);
        public const string UnmanagedSignatureCallingConvention = nameof(UnmanagedSignatureCallingConvention);
        public const string CovariantReturnsOfClasses = nameof(CovariantReturnsOfClasses);
        public const string ByRefLikeGenerics = nameof(ByRefLikeGenerics);
    }

    // Lazily runs static constructors: ilc calls into here before the first access to a type's
    // statics. The context is emitted by ilc per type; its first word is the .cctor address, which
    // is cleared before the .cctor runs so that a re-entrant access during it does not recurse.
    public struct StaticClassConstructionContext
    {
        public nint cctorMethodAddress;
    }

    internal static unsafe class ClassConstructorRunner
    {
        private static object CheckStaticClassConstructionReturnGCStaticBase(ref StaticClassConstructionContext context, object gcStaticBase)
        {
            EnsureClassConstructorRun(ref context);
            return gcStaticBase;
        }

        private static nint CheckStaticClassConstructionReturnNonGCStaticBase(ref StaticClassConstructionContext context, nint nonGcStaticBase)
        {
            EnsureClassConstructorRun(ref context);
            return nonGcStaticBase;
        }

        // Single-threaded for now: the scheduler issue makes this wait for a .cctor another
        // thread is running.
        private static void EnsureClassConstructorRun(ref StaticClassConstructionContext context)
        {
            nint cctor = context.cctorMethodAddress;
            if (cctor == 0)
                return;
            context.cctorMethodAddress = 0;
            ((delegate*<void>)cctor)();
        }
    }
}
