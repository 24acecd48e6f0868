// The logic of RhpSfiInit / RhpSfiNext: CoreLib's dispatcher walks the throwing thread's stack
// one managed frame at a time through a StackFrameIterator whose state we own
// (StackFrameIteratorState). NativeAOT's native StackFrameIterator.cpp does this with libunwind
// and its code managers; ours is the CodeMap and FrameUnwinder over the same tables.
//
// Init takes the PAL_LIMITED_CONTEXT the throw entry captured (the thrower's return address, its
// stack pointer and its callee-saved registers): the REGDISPLAY points at the context's slots, so
// the first frame is the throwing method itself. Next unwinds one frame with the CFI row at the
// current ControlPC and re-resolves the method. The walk ends (false) at the first address outside
// managed code — the thread's entry assembly — and when it unwinds out of a reverse P/Invoke
// method ([UnmanagedCallersOnly]: native code called it, so no managed handler lies beyond);
// then the outcome says "unwound reverse P/Invoke", as NativeAOT's does.
//
// ControlPC is the return address minus one (NativeAOT's EH walk applies ApplyReturnAddressAdjustment),
// so it lies inside the call instruction and thus inside the call's try region even when the call
// ends the region; only the first frame of a hardware fault keeps the faulting address itself.
// OriginalControlPC keeps the unadjusted address. Method and CFI lookups use ControlPC.
//
// Funclets (exceptions thrown while a catch, finally or filter funclet runs):
// - out of a catch/finally funclet the caller is RhpCallCatchFunclet/RhpCallFinallyFunclet,
//   invoked by the dispatch of an older exception E. The walk "collides" with E's ExInfo (the
//   first ExInfo of the chain above the thrower's stack pointer, tracked in NextExInfo): the next
//   frame is the funclet's parent as E's own iterator sees it, with the callee-saved register
//   locations found by unwinding the funclet (they hold the values the funclet ran with), and the
//   outcome reports E and its current clause so the dispatcher skips clauses E already passed
//   (NativeAOT's ExCollide / uExCollideClauseIdx).
// - out of a filter funclet the caller is RhpCallFilterFunclet: the walk unwinds through its
//   small frame (saved rbp, return address) into CoreLib's dispatcher, which handles an exception
//   escaping a filter like any managed code.
// FramePointer follows UnixNativeCodeManager::GetFramePointer: rbp for methods with EH clauses and
// for funclets, 0 otherwise.
using System;
using System.Runtime.InteropServices;

namespace OSv.Runtime.Exceptions;

/// <summary>Return addresses of the funclet calls in exceptions.S: how the walk recognises
/// that it is unwinding out of an exceptionally invoked funclet.</summary>
internal readonly record struct FuncletInvokeReturns(ulong Catch, ulong Finally, ulong Filter);

/// <summary>What a step crossed besides one frame.</summary>
internal struct StepOutcome
{
    public bool UnwoundReversePInvoke;
    /// <summary>0, or the ExInfo whose funclet the walk just unwound out of.</summary>
    public ulong CollidedExInfo;
    public uint CollidedClauseIndex;
}

internal readonly ref struct StackFrameWalker
{
    public const uint NoCollidedClause = 0xffffffff;
    private const ulong FilterThunkFrameBytes = 64; // padding, r15, r14, r13, r12, rbx, rbp, return address
    /// <summary>Nested exceptions in flight on one thread: a bound for the chain walk only.</summary>
    private const int ExInfoChainLengthMax = 1024;

    [Flags]
    public enum FrameFlags : uint
    {
        None = 0,
        Funclet = 1,
        Filter = 2,
        ReversePInvoke = 4,
        HasEHInfo = 8,
    }

    private readonly CodeMap _map;
    private readonly ModuleMemory _stack;
    private readonly FuncletInvokeReturns _funcletReturns;

    public StackFrameWalker(CodeMap map, ModuleMemory stack, FuncletInvokeReturns funcletReturns)
    {
        _map = map;
        _stack = stack;
        _funcletReturns = funcletReturns;
    }

    /// <summary>RhpSfiInit: the first frame from the context at <paramref name="contextAddress"/>;
    /// <paramref name="exInfoChainHead"/> is the thread's newest ExInfo (0 if none).</summary>
    public bool TryInit(ulong contextAddress, bool instructionFault, ulong exInfoChainHead, ref StackFrameIteratorState iterator)
    {
        iterator = default;
        if (!_stack.TryReadUInt64(contextAddress + RuntimeLayout.PalLimitedContextIp, out ulong ip)
            || !_stack.TryReadUInt64(contextAddress + RuntimeLayout.PalLimitedContextRsp, out ulong sp))
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
        iterator.NextExInfo = FirstExInfoAbove(exInfoChainHead, sp);
        return TryEnterFrame(in registers, adjustReturnAddress: !instructionFault, ref iterator);
    }

    /// <summary>RhpSfiNext: the next frame. On false the iterator is at its end.</summary>
    public bool TryNext(ref StackFrameIteratorState iterator, out StepOutcome outcome)
    {
        outcome = new StepOutcome { CollidedClauseIndex = NoCollidedClause };
        var flags = (FrameFlags)iterator.Flags;
        if (iterator.MethodStart == 0)
            return End(ref iterator);
        if ((flags & FrameFlags.ReversePInvoke) != 0)
        {
            outcome.UnwoundReversePInvoke = true;
            return End(ref iterator);
        }

        RegisterSet registers = iterator.Registers.ToRegisterSet();
        if (!_map.TryFindMethod(iterator.ControlPc, out MethodInfo method)
            || !_map.TryGetUnwindRules(method, iterator.ControlPc, out UnwindRules rules)
            || !FrameUnwinder.TryStep(_stack, rules, ref registers))
            return End(ref iterator);

        if ((flags & FrameFlags.Funclet) != 0)
        {
            ulong caller = registers.InstructionPointer;
            if (caller == _funcletReturns.Catch || caller == _funcletReturns.Finally)
                return TryCollide(in registers, ref iterator, ref outcome) || End(ref iterator);
            if (caller != _funcletReturns.Filter || !TryUnwindFilterThunk(ref registers))
                return End(ref iterator);
        }
        return TryEnterFrame(in registers, adjustReturnAddress: true, ref iterator) || End(ref iterator);
    }

    /// <summary>RhpEHEnumInitFromStackFrameIterator: the EH clauses of the current frame's
    /// method (the root's clauses when the frame is a funclet).</summary>
    public bool TryBeginClauses(in StackFrameIteratorState iterator, out MethodRegionInfo region, out EHClauseEnumerator clauses)
    {
        region = default;
        clauses = default;
        if (iterator.MethodStart == 0 || !_map.TryFindMethod(iterator.MethodStart, out MethodInfo root) || root.IsFunclet)
            return false;
        region.HotStartAddress = root.MethodStart;
        region.HotSize = root.Frame.PcEnd - root.Frame.PcBegin;
        return EHClauseEnumerator.TryCreate(_map.Image, root.Block, out clauses);
    }

    private bool TryEnterFrame(in RegisterSet registers, bool adjustReturnAddress, ref StackFrameIteratorState iterator)
    {
        iterator.Registers.Set(in registers);
        iterator.OriginalControlPc = registers.InstructionPointer;
        iterator.ControlPc = adjustReturnAddress ? registers.InstructionPointer - 1 : registers.InstructionPointer;
        if (!_map.TryFindMethod(iterator.ControlPc, out MethodInfo method))
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
        if ((flags & (FrameFlags.HasEHInfo | FrameFlags.Funclet)) != 0 && _stack.TryReadUInt64(registers.RbpLocation, out ulong rbp))
            iterator.FramePointer = rbp;
        return true;
    }

    /// <summary>Continue at the parent frame of the funclet just unwound, as the dispatch that
    /// invoked the funclet (ExInfo NextExInfo) sees it.</summary>
    private bool TryCollide(in RegisterSet funcletCallerRegisters, ref StackFrameIteratorState iterator, ref StepOutcome outcome)
    {
        ulong exInfo = iterator.NextExInfo;
        if (exInfo == 0
            || !_stack.TrySlice(exInfo + RuntimeLayout.ExInfoFrameIterator, RuntimeLayout.StackFrameIteratorSize, out ReadOnlySpan<byte> source)
            || !_stack.TryReadUInt32(exInfo + RuntimeLayout.ExInfoCurrentClause, out uint clause)
            || !_stack.TryReadUInt64(exInfo + RuntimeLayout.ExInfoPrevious, out ulong older))
            return false;
        StackFrameIteratorState parent = MemoryMarshal.Read<StackFrameIteratorState>(source);
        if (parent.MethodStart == 0 || clause == NoCollidedClause)
            return false;
        parent.Registers.RbxLocation = funcletCallerRegisters.RbxLocation;
        parent.Registers.RbpLocation = funcletCallerRegisters.RbpLocation;
        parent.Registers.R12Location = funcletCallerRegisters.R12Location;
        parent.Registers.R13Location = funcletCallerRegisters.R13Location;
        parent.Registers.R14Location = funcletCallerRegisters.R14Location;
        parent.Registers.R15Location = funcletCallerRegisters.R15Location;
        parent.NextExInfo = older;
        iterator = parent;
        outcome.CollidedExInfo = exInfo;
        outcome.CollidedClauseIndex = clause;
        return true;
    }

    /// <summary>RhpCallFilterFunclet's frame: [sp] padding, then the dispatcher's r15, r14, r13,
    /// r12, rbx and rbp, then its return address.</summary>
    private bool TryUnwindFilterThunk(ref RegisterSet registers)
    {
        ulong sp = registers.StackPointer;
        if (!_stack.TryReadUInt64(sp + FilterThunkFrameBytes - 8, out ulong returnAddress))
            return false;
        registers.R15Location = sp + 8;
        registers.R14Location = sp + 16;
        registers.R13Location = sp + 24;
        registers.R12Location = sp + 32;
        registers.RbxLocation = sp + 40;
        registers.RbpLocation = sp + 48;
        registers.InstructionPointer = returnAddress;
        registers.StackPointer += FilterThunkFrameBytes;
        return true;
    }

    /// <summary>NativeAOT's ResetNextExInfoForSP: ExInfos below the walk's stack pointer belong to
    /// the exception being dispatched (or are dead); the walk can only collide with older ones.</summary>
    private ulong FirstExInfoAbove(ulong head, ulong stackPointer)
    {
        ulong exInfo = head;
        for (int i = 0; i < ExInfoChainLengthMax && exInfo != 0 && exInfo < stackPointer; i++)
        {
            if (!_stack.TryReadUInt64(exInfo + RuntimeLayout.ExInfoPrevious, out exInfo))
                return 0;
        }
        return exInfo < stackPointer ? 0 : exInfo;
    }

    private static bool End(ref StackFrameIteratorState iterator)
    {
        iterator.MethodStart = 0;
        iterator.UnwindBlockAddress = 0;
        iterator.Flags = 0;
        return false;
    }
}
