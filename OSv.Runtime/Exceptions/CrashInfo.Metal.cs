// The crash-report hooks of CoreLib's fail-fast path (RuntimeExceptionHelpers.FailFast, reached
// for an unhandled exception). CoreLib serializes a JSON triage record of the failure into a buffer
// the runtime owns (RhGetCrashInfoBuffer), then asks the runtime for a crash dump
// (RhCreateCrashDumpIfEnabled) before it aborts. NativeAOT keeps that record for createdump; an
// image has no dump writer, so the record stays in memory (a debugger attached with `osv run
// --gdb` can read it) and the dump request does nothing: CoreLib then writes
// the report (type, message, stack trace) to stderr and calls SystemNative_Abort, the panic.
//
// The buffer is static (the fail-fast path may be out of memory) and its size is NativeAOT's.
// CoreLib writes at most the size it is told and never past it.
using System.Runtime;

namespace OSv.Runtime.Exceptions;

internal static unsafe class CrashInfo
{
    /// <summary>Bytes of the triage record CoreLib may write (NativeAOT's MAX_CRASHINFOBUFFER_SIZE).</summary>
    public const int BufferBytes = 8192;

    private struct Storage
    {
        public fixed byte Bytes[BufferBytes];
    }

    private static Storage s_buffer;

    [RuntimeExport("RhGetCrashInfoBuffer")]
    internal static byte* GetBuffer(int* maxSizeBytes)
    {
        *maxSizeBytes = BufferBytes;
        fixed (byte* bytes = s_buffer.Bytes)
            return bytes;
    }

    /// <summary>No dump writer in an image: the abort that follows is the report.</summary>
    [RuntimeExport("RhCreateCrashDumpIfEnabled")]
    internal static void CreateCrashDumpIfEnabled(nint exceptionRecord, nint contextRecord)
    {
    }
}
