// The logic of RhpSfiInit / RhpSfiNext: CoreLib's dispatcher walks the throwing thread's stack
// one managed frame at a time through a StackFrameIterator whose state we own
// (StackFrameIteratorState). NativeAOT's native StackFrameIterator.cpp does this with libunwind
// and its code managers; ours is the CodeMap and FrameUnwinder over the same tables.
//
// Init takes the PAL_LIMITED_CONTEXT the throw entry captured (the thrower's return address, its
// stack pointer and its callee-saved registers): the REGDISPLAY points at the context's slots, so
// the first frame is the throwing method itself. Next unwinds one frame with the CFI row at the
// current ControlPC (a return address, or the faulting instruction for a hardware fault on the
// first frame) and re-resolves the method. The walk ends (false) at the first address outside
// managed code — the thread's entry assembly — and when it unwinds out of a reverse P/Invoke
// method ([UnmanagedCallersOnly]: native code called it, so no managed handler lies beyond);
// then *fUnwoundReversePInvoke tells the dispatcher why, as NativeAOT's does.
//
// Not done yet (see the report in docs): "collided" unwinds — an exception thrown inside a
// funclet must continue, past the dispatcher's own frames and RhpCallXxxFunclet, at the funclet's
// parent frame (NativeAOT's ExInfo-chain walk with uExCollideClauseIdx). Until then unwinding out
// of a funclet ends the walk (the exception is reported unhandled) and the collide index is
// always "none". FramePointer follows UnixNativeCodeManager::GetFramePointer: rbp for methods
// with EH clauses and for funclets, 0 otherwise.
namespace OSv.Runtime.Native.Exceptions;

internal static class StackFrameWalker
{
    public const uint NoCollidedClause = 0xffffffff;

    [System.Flags]
    public enum FrameFlags : uint
    {
        None = 0,
        Funclet = 1,
        Filter = 2,
        ReversePInvoke = 4,
        HasEHInfo = 8,
    }

    /// <summary>RhpSfiInit: the first frame from the context at <paramref name="contextAddress"/>
    /// (a PAL_LIMITED_CONTEXT readable through <paramref name="stack"/>).</summary>
    public static bool TryInit(CodeMap map, ModuleMemory stack, ulong contextAddress, ref StackFrameIteratorState iterator)
    {
        iterator = default;
        if (!stack.TryReadUInt64(contextAddress + RuntimeLayout.PalLimitedContextIp, out ulong ip)
            || !stack.TryReadUInt64(contextAddress + RuntimeLayout.PalLimitedContextRsp, out ulong sp))
            return false;
        var registers = new RegisterSet
        {
            InstructionPointer = ip,
            StackPointer = sp,
            RbxLocation = contextAddress + RuntimeLayout.PalLimitedContextRbx,
            RbpLocation = contextAddress + RuntimeLayout.PalLimitedContextRbp,
            R12Location = contextAddress + RuntimeLayout.PalLimitedContextR12,
            R13Location = contextAddress + RuntimeLayout.PalLimitedContextR13,
            R14Location = contextAddress + RuntimeLayout.PalLimitedContextR14,
            R15Location = contextAddress + RuntimeLayout.PalLimitedContextR15,
        };
        iterator.OriginalControlPc = ip;
        return TryEnterFrame(map, stack, in registers, ref iterator);
    }

    /// <summary>RhpSfiNext: the caller of the current frame. On false the iterator is at its end
    /// and must not be used for EH enumeration.</summary>
    public static bool TryNext(CodeMap map, ModuleMemory stack, ref StackFrameIteratorState iterator, out bool unwoundReversePInvoke)
    {
        var flags = (FrameFlags)iterator.Flags;
        unwoundReversePInvoke = (flags & FrameFlags.ReversePInvoke) != 0;
        if (unwoundReversePInvoke || (flags & FrameFlags.Funclet) != 0 || iterator.MethodStart == 0)
            return End(ref iterator);

        RegisterSet registers = iterator.Registers.ToRegisterSet();
        if (!map.TryFindMethod(iterator.ControlPc, out MethodInfo method)
            || !map.TryGetUnwindRules(method, iterator.ControlPc, out UnwindRules rules)
            || !FrameUnwinder.TryStep(stack, rules, ref registers))
            return End(ref iterator);
        iterator.OriginalControlPc = registers.InstructionPointer;
        return TryEnterFrame(map, stack, in registers, ref iterator) || End(ref iterator);
    }

    private static bool TryEnterFrame(CodeMap map, ModuleMemory stack, in RegisterSet registers, ref StackFrameIteratorState iterator)
    {
        iterator.Registers.Set(in registers);
        iterator.ControlPc = registers.InstructionPointer;
        if (!map.TryFindMethod(registers.InstructionPointer, out MethodInfo method))
            return false;
        FrameFlags flags = FrameFlags.None;
        if (method.IsFunclet)
            flags |= FrameFlags.Funclet;
        if (method.IsFilter)
            flags |= FrameFlags.Filter;
        if (method.Block.IsReversePInvoke && !method.IsFunclet)
            flags |= FrameFlags.ReversePInvoke;
        if (method.Block.HasEHInfo)
            flags |= FrameFlags.HasEHInfo;
        iterator.Flags = (uint)flags;
        iterator.MethodStart = method.MethodStart;
        iterator.UnwindBlockAddress = method.Block.Address;
        iterator.FramePointer = 0;
        if ((flags & (FrameFlags.HasEHInfo | FrameFlags.Funclet)) != 0
            && stack.TryReadUInt64(registers.RbpLocation, out ulong rbp))
            iterator.FramePointer = rbp;
        return true;
    }

    private static bool End(ref StackFrameIteratorState iterator)
    {
        iterator.MethodStart = 0;
        iterator.UnwindBlockAddress = 0;
        iterator.Flags = 0;
        return false;
    }

    /// <summary>RhpEHEnumInitFromStackFrameIterator: the EH clauses of the current frame's
    /// method (the root's clauses when the frame is a funclet).</summary>
    public static bool TryBeginClauses(CodeMap map, in StackFrameIteratorState iterator,
        out MethodRegionInfo region, out EHClauseEnumerator clauses)
    {
        region = default;
        clauses = default;
        if (iterator.MethodStart == 0 || !map.TryFindMethod(iterator.MethodStart, out MethodInfo root) || root.IsFunclet)
            return false;
        region.HotStartAddress = root.MethodStart;
        region.HotSize = root.Frame.PcEnd - root.Frame.PcBegin;
        return EHClauseEnumerator.TryCreate(map.Image, root.Block, out clauses);
    }
}
