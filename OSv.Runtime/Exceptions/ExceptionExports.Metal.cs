// The runtime exports CoreLib's managed exception dispatch (System.Runtime.EH) imports, on top of
// the hosted-tested decoders: stack frame iteration, EH clause enumeration, code → method lookup,
// classlib callbacks. The throw entries and funclet calls are assembly (Arch/X64/exceptions.S).
// Image-only. Signatures follow CoreLib's InternalCalls (pinned 10.0.12): a `ref` there is a
// pointer here, which is the same at the machine level.
//
// None of these allocate; they run inside dispatch with the exception in flight. A malformed
// table makes them answer "no frame" / "no method", and the dispatcher then treats the exception
// as unhandled (fail fast with a message), rather than faulting in the runtime.
using System.Runtime;

namespace OSv.Runtime.Exceptions;

internal static unsafe class ExceptionExports
{
    /// <summary>Entries of the classlib function table (ClassLibFunctionId in CoreLib 10.0.12).</summary>
    internal const int ClasslibFunctionCount = 12;

    [RuntimeExport("RhpSfiInit")]
    internal static bool SfiInit(StackFrameIteratorState* iterator, PalLimitedContext* context, bool instructionFault, bool* isExceptionIntercepted)
    {
        if (isExceptionIntercepted != null)
            *isExceptionIntercepted = false; // no debugger interception in images
        if (!ExceptionTables.TryGetCodeMap(out CodeMap map))
            return false;
        ulong frameMarker = 0;
        var walker = new StackFrameWalker(map, ExceptionTables.StackViewFrom(&frameMarker), ExceptionTables.FuncletInvokeReturns);
        ulong head = (ulong)*ExceptionTables.GetExInfoHeadSlot();
        return walker.TryInit((ulong)context, instructionFault, head, ref *iterator);
    }

    [RuntimeExport("RhpSfiNext")]
    internal static bool SfiNext(StackFrameIteratorState* iterator, uint* collidedClauseIndex, bool* unwoundReversePInvoke, bool* isExceptionIntercepted)
    {
        if (isExceptionIntercepted != null)
            *isExceptionIntercepted = false;
        StepOutcome outcome = new() { CollidedClauseIndex = StackFrameWalker.NoCollidedClause };
        bool valid = ExceptionTables.TryGetCodeMap(out CodeMap map);
        if (valid)
        {
            ulong frameMarker = 0;
            var walker = new StackFrameWalker(map, ExceptionTables.StackViewFrom(&frameMarker), ExceptionTables.FuncletInvokeReturns);
            valid = walker.TryNext(ref *iterator, out outcome);
        }
        if (outcome.CollidedExInfo != 0)
        {
            // The older exception's dispatch is superseded by this one (NativeAOT does the same).
            ((byte*)outcome.CollidedExInfo)[RuntimeLayout.ExInfoKind] |= RuntimeLayout.ExKindSupersededFlag;
        }
        if (collidedClauseIndex != null)
            *collidedClauseIndex = outcome.CollidedClauseIndex;
        if (unwoundReversePInvoke != null)
            *unwoundReversePInvoke = outcome.UnwoundReversePInvoke;
        return valid;
    }

    [RuntimeExport("RhpEHEnumInitFromStackFrameIterator")]
    internal static bool EHEnumInit(StackFrameIteratorState* iterator, MethodRegionInfo* region, EHClauseEnumerator* clauses)
    {
        *region = default;
        *clauses = default;
        if (!ExceptionTables.TryGetCodeMap(out CodeMap map))
            return false;
        ulong frameMarker = 0;
        var walker = new StackFrameWalker(map, ExceptionTables.StackViewFrom(&frameMarker), ExceptionTables.FuncletInvokeReturns);
        return walker.TryBeginClauses(*iterator, out *region, out *clauses);
    }

    [RuntimeExport("RhpEHEnumNext")]
    internal static bool EHEnumNext(EHClauseEnumerator* clauses, RuntimeEHClause* clause)
    {
        if (!ExceptionTables.TryGetCodeMap(out CodeMap map) || !clauses->TryMoveNext(map.Image, out EHClause next))
            return false;
        clause->Kind = (uint)next.Kind;
        clause->TryStartOffset = next.TryStartOffset;
        clause->TryEndOffset = next.TryEndOffset;
        clause->FilterAddress = next.FilterAddress;
        clause->HandlerAddress = next.HandlerAddress;
        clause->TargetType = next.TargetType;
        return true;
    }

    [RuntimeExport("RhFindMethodStartAddress")]
    internal static nint FindMethodStartAddress(nint codeAddress) =>
        ExceptionTables.TryGetCodeMap(out CodeMap map) && map.TryFindMethod((ulong)codeAddress, out MethodInfo method)
            ? (nint)method.MethodStart
            : 0;

    [RuntimeExport("RhpGetClasslibFunctionFromCodeAddress")]
    internal static void* GetClasslibFunctionFromCodeAddress(nint codeAddress, int functionId)
    {
        // One module per image: every managed code address belongs to the same classlib.
        if (!ExceptionTables.TryGetCodeMap(out CodeMap map) || !map.IsManagedCode((ulong)codeAddress))
            return null;
        return ClasslibFunction(functionId);
    }

    [RuntimeExport("RhpGetClasslibFunctionFromEEType")]
    internal static void* GetClasslibFunctionFromEEType(void* methodTable, int functionId) => ClasslibFunction(functionId);

    /// <summary>CoreLib marks a thread in dispatch's second pass so that NativeAOT's collector does
    /// not walk its half-unwound frames precisely. Ours scans every stack conservatively and moves
    /// nothing, so those frames need no protection: nothing to record.</summary>
    [RuntimeExport("RhpSetThreadDoNotTriggerGC")]
    internal static void SetThreadDoNotTriggerGC()
    {
    }

    /// <summary>Images have no thread abort: no abort exception is ever in flight.</summary>
    [RuntimeExport("RhpGetThreadAbortException")]
    internal static object? GetThreadAbortException() => null;

    private static void* ClasslibFunction(int functionId)
    {
        if ((uint)functionId >= ClasslibFunctionCount)
            return null;
        return ClasslibFunctions()[functionId];
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.InternalCall)]
    [RuntimeImport("osv_classlib_function_table")]
    internal static extern void** ClasslibFunctions();
}
