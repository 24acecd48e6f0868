// The numbers by which the runtime asks CoreLib (the "classlib") for an exception object, as
// NativeAOT's own runtime does: entry GetRuntimeException of the classlib function table
// (Arch/X64/exceptions.S, indexed by ClassLibFunctionId) takes an ExceptionIDs value and returns
// the exception to throw (Runtime.Base's EH.GetClasslibException). For OutOfMemory CoreLib returns
// its preallocated instance (PreallocatedOutOfMemoryException, made by its library initializer),
// so a failed allocation throws without allocating.
//
// Both enums are internal to CoreLib; these values are checked against the pinned 10.0.12
// metadata (tests/OSv.Runtime.Tests/Exceptions/ClasslibIdsTests.cs) and fail loudly if the pin
// changes. Pure constants: compiled hosted too.
namespace OSv.Runtime.Exceptions;

internal static class ClasslibIds
{
    /// <summary>ClassLibFunctionId.GetRuntimeException: the table entry that makes exceptions.</summary>
    public const int GetRuntimeExceptionFunction = 0;

    /// <summary>ExceptionIDs.OutOfMemory.</summary>
    public const int OutOfMemoryException = 1;

    /// <summary>ExceptionIDs.Overflow.</summary>
    public const int OverflowException = 7;
}
