// RhpSfiInit/RhpSfiNext logic over simulated stacks built from the fixture's own frames: from a
// throw site in Thrower up through CatchByType (whose clause must cover the call); from
// ManyLiveValues up through the [UnmanagedCallersOnly] entry Run, where the walk ends with
// "unwound reverse P/Invoke"; out of a catch funclet into its parent as the older exception's
// iterator saw it (a collided unwind); and out of a filter funclet through the filter call's frame.
using System;
using System.Buffers.Binary;
using System.Runtime.InteropServices;
using OSv.Runtime.Exceptions;
using Xunit;

namespace OSv.Runtime.Tests.Exceptions;

public class StackFrameWalkerTests
{
    private const ulong StackBase = 0x7ffe_0000;
    private const int StackBytes = 0x4000;
    private const ulong ContextAddress = StackBase + 0x40;   // where the throw entry would put it
    private const ulong NewExInfoAddress = StackBase + 0x100; // the exception being dispatched
    private const ulong ThrowerStackPointer = StackBase + 0x400;
    private const ulong CallerRbp = 0x7ffe_3f00;              // a value, as if the caller's rbp
    private static readonly FuncletInvokeReturns s_thunks = new(Catch: 0x6000_0010, Finally: 0x6000_0020, Filter: 0x6000_0030);

    [Fact]
    public void Walk_FromThrowSite_ReachesCatchByTypeWithItsClause()
    {
        var stack = new byte[StackBytes];
        CodeMap map = FixtureView.Map;
        ulong throwSite = ThrowSiteIn("Thrower");
        ulong returnIntoCatch = CallReturns("CatchByType", "Thrower")[0];
        ulong throwerCfa = LayFrame(stack, map, throwSite, ThrowerStackPointer, returnIntoCatch, CallerRbp);
        WriteContext(stack, throwSite, ThrowerStackPointer, rbp: 0x1234);

        var iterator = new StackFrameIteratorState();
        StackFrameWalker walker = Walker(map, stack);
        Assert.True(walker.TryInit(ContextAddress, instructionFault: false, exInfoChainHead: 0, ref iterator));
        Assert.Equal(FixtureView.MethodStart("Thrower"), iterator.MethodStart);
        Assert.Equal(throwSite - 1, iterator.ControlPc); // inside the call: EH lookups use this
        Assert.Equal(throwSite, iterator.OriginalControlPc);
        Assert.Equal(ThrowerStackPointer, iterator.Registers.Sp);
        Assert.Equal(ContextAddress + RuntimeLayout.PalLimitedContextRbx, iterator.Registers.RbxLocation);
        Assert.Equal(0UL, iterator.FramePointer); // Thrower has no EH clauses
        Assert.False(walker.TryBeginClauses(iterator, out _, out _));

        Assert.True(walker.TryNext(ref iterator, out StepOutcome outcome));
        Assert.False(outcome.UnwoundReversePInvoke);
        Assert.Equal(0UL, outcome.CollidedExInfo);
        Assert.Equal(FixtureView.MethodStart("CatchByType"), iterator.MethodStart);
        Assert.Equal(returnIntoCatch - 1, iterator.ControlPc);
        Assert.Equal(throwerCfa, iterator.Registers.Sp);
        Assert.Equal(CallerRbp, iterator.FramePointer); // rbp restored from Thrower's save slot

        Assert.True(walker.TryBeginClauses(iterator, out MethodRegionInfo region, out EHClauseEnumerator clauses));
        Assert.Equal(FixtureView.MethodStart("CatchByType"), region.HotStartAddress);
        Assert.True(clauses.TryMoveNext(map.Image, out EHClause clause));
        Assert.True(clause.ContainsCodeOffset((uint)(iterator.ControlPc - region.HotStartAddress)));
    }

    [Fact]
    public void Init_InstructionFault_KeepsTheFaultingAddress()
    {
        var stack = new byte[StackBytes];
        ulong faultAt = FixtureView.MethodStart("Thrower") + 3; // after the prologue's first pushes
        WriteContext(stack, faultAt, ThrowerStackPointer, rbp: 0);
        var iterator = new StackFrameIteratorState();
        Assert.True(Walker(FixtureView.Map, stack).TryInit(ContextAddress, instructionFault: true, 0, ref iterator));
        Assert.Equal(faultAt, iterator.ControlPc);
    }

    [Fact]
    public void Walk_OutOfUnmanagedCallersOnlyEntry_EndsWithReversePInvoke()
    {
        var stack = new byte[StackBytes];
        CodeMap map = FixtureView.Map;
        ulong callSite = CallReturns("ManyLiveValues", "Thrower")[0];
        ulong returnIntoRun = CallReturns("Run", "ManyLiveValues")[0];
        ulong cfa = LayFrame(stack, map, callSite, ThrowerStackPointer, returnIntoRun, CallerRbp);
        LayFrame(stack, map, returnIntoRun, cfa, returnAddress: 0x5555_0000_1000, savedRbp: 0);
        WriteContext(stack, callSite, ThrowerStackPointer, rbp: 0);

        var iterator = new StackFrameIteratorState();
        StackFrameWalker walker = Walker(map, stack);
        Assert.True(walker.TryInit(ContextAddress, false, 0, ref iterator));
        Assert.True(walker.TryNext(ref iterator, out StepOutcome outcome));
        Assert.False(outcome.UnwoundReversePInvoke);
        Assert.Equal(FixtureView.MethodStart("Run"), iterator.MethodStart);

        Assert.False(walker.TryNext(ref iterator, out outcome));
        Assert.True(outcome.UnwoundReversePInvoke);
        Assert.Equal(0UL, iterator.MethodStart);
    }

    [Fact]
    public void Init_ContextOutsideManagedCode_Fails()
    {
        var stack = new byte[StackBytes];
        WriteContext(stack, ip: 0x10, sp: ThrowerStackPointer, rbp: 0);
        var iterator = new StackFrameIteratorState();
        Assert.False(Walker(FixtureView.Map, stack).TryInit(ContextAddress, false, 0, ref iterator));
    }

    // An exception thrown by Thrower(-x) inside NestedTryInCatch's catch funclet, while an older
    // exception E (caught by that funclet's clause) is being dispatched:
    //   high  NestedTryInCatch (parent), E's ExInfo, [dispatcher, RhpCallCatchFunclet],
    //         catch funclet, Thrower, throw entry (context, new ExInfo)  low
    [Fact]
    public void Walk_OutOfCatchFunclet_CollidesWithTheOlderExceptionsParentFrame()
    {
        var stack = new byte[StackBytes];
        CodeMap map = FixtureView.Map;
        ulong parentStackPointer = StackBase + 0x3000;
        ulong olderExInfo = StackBase + 0x2000;
        ulong parentControlPc = CallReturns("NestedTryInCatch", "Thrower")[0] - 1;
        ulong returnIntoFunclet = CallReturns("NestedTryInCatch", "Thrower")[1];
        var parent = new StackFrameIteratorState
        {
            ControlPc = parentControlPc,
            OriginalControlPc = parentControlPc + 1,
            FramePointer = CallerRbp,
            MethodStart = FixtureView.MethodStart("NestedTryInCatch"),
            Flags = (uint)StackFrameWalker.FrameFlags.HasEHInfo,
            Registers = new RegDisplay { Sp = parentStackPointer, Ip = parentControlPc + 1, RbxLocation = 0xdead_0000 },
        };
        WriteExInfo(stack, olderExInfo, previous: 0, currentClause: 1, parent);
        WriteExInfo(stack, NewExInfoAddress, previous: olderExInfo, currentClause: StackFrameWalker.NoCollidedClause, default);
        ulong throwSite = ThrowSiteIn("Thrower");
        LayFrame(stack, map, throwSite, ThrowerStackPointer, returnIntoFunclet, CallerRbp);
        ulong throwerCfa = ThrowerStackPointer + (ulong)Rules(map, throwSite).CfaOffset;
        LayFrame(stack, map, returnIntoFunclet, throwerCfa, s_thunks.Catch, savedRbp: 0);
        WriteContext(stack, throwSite, ThrowerStackPointer, rbp: CallerRbp);

        var iterator = new StackFrameIteratorState();
        StackFrameWalker walker = Walker(map, stack);
        Assert.True(walker.TryInit(ContextAddress, false, NewExInfoAddress, ref iterator));
        Assert.Equal(olderExInfo, iterator.NextExInfo); // the new exception's own ExInfo is skipped
        Assert.True(walker.TryNext(ref iterator, out StepOutcome outcome));
        Assert.True(((StackFrameWalker.FrameFlags)iterator.Flags).HasFlag(StackFrameWalker.FrameFlags.Funclet));
        Assert.Equal(FixtureView.MethodStart("NestedTryInCatch"), iterator.MethodStart);
        Assert.Equal(CallerRbp, iterator.FramePointer);
        RegisterSet afterFunclet = iterator.Registers.ToRegisterSet();
        Assert.True(FrameUnwinder.TryStep(new ModuleMemory(stack, StackBase), Rules(map, iterator.ControlPc), ref afterFunclet));

        Assert.True(walker.TryNext(ref iterator, out outcome));
        Assert.Equal(olderExInfo, outcome.CollidedExInfo);
        Assert.Equal(1U, outcome.CollidedClauseIndex);
        Assert.Equal(parentControlPc, iterator.ControlPc);
        Assert.Equal(parentStackPointer, iterator.Registers.Sp);
        Assert.Equal(FixtureView.MethodStart("NestedTryInCatch"), iterator.MethodStart);
        Assert.Equal(afterFunclet.RbxLocation, iterator.Registers.RbxLocation); // the funclet's values, not E's
        Assert.Equal(afterFunclet.RbpLocation, iterator.Registers.RbpLocation);
        Assert.Equal(0UL, iterator.NextExInfo); // E's predecessor
    }

    [Fact]
    public void Walk_OutOfFilterFunclet_ContinuesInTheDispatcherThroughTheFilterCall()
    {
        var stack = new byte[StackBytes];
        CodeMap map = FixtureView.Map;
        MethodInfo filter = Array.Find(FixtureView.Functions("CatchWithFilter"), f => f.IsFilter);
        ulong getParamName = FixtureView.Elf.Symbol("S_P_CoreLib_System_ArgumentException__get_ParamName").Address;
        ulong insideFilter = FixtureView.ReturnAddressesOfCallsTo(filter.FunctionStart, filter.Frame.PcEnd, getParamName)[0];
        ulong dispatcherReturn = CallReturns("Run", "CatchWithFilter")[0]; // stands in for CoreLib's dispatcher
        ulong filterCfa = LayFrame(stack, map, insideFilter, ThrowerStackPointer, s_thunks.Filter, savedRbp: 0);
        // RhpCallFilterFunclet's frame: padding, the dispatcher's r15, r14, r13, r12, rbx, rbp, return address.
        for (ulong slot = 1; slot <= 6; slot++)
            Write(stack, filterCfa + 8 * slot, 0x7770 + slot);
        Write(stack, filterCfa + 56, dispatcherReturn);
        WriteContext(stack, insideFilter, ThrowerStackPointer, rbp: CallerRbp);

        var iterator = new StackFrameIteratorState();
        StackFrameWalker walker = Walker(map, stack);
        Assert.True(walker.TryInit(ContextAddress, false, 0, ref iterator));
        Assert.True(((StackFrameWalker.FrameFlags)iterator.Flags).HasFlag(StackFrameWalker.FrameFlags.Filter));
        Assert.True(walker.TryNext(ref iterator, out StepOutcome outcome));
        Assert.Equal(0UL, outcome.CollidedExInfo);
        Assert.Equal(FixtureView.MethodStart("Run"), iterator.MethodStart);
        Assert.Equal(filterCfa + 64, iterator.Registers.Sp);
        Assert.Equal(filterCfa + 48, iterator.Registers.RbpLocation);
        Assert.Equal(filterCfa + 40, iterator.Registers.RbxLocation);
        Assert.Equal(filterCfa + 32, iterator.Registers.R12Location);
        Assert.Equal(filterCfa + 8, iterator.Registers.R15Location);
    }

    [Fact]
    public void Walk_OutOfFuncletNotCalledByDispatch_Ends()
    {
        var stack = new byte[StackBytes];
        CodeMap map = FixtureView.Map;
        ulong returnIntoFunclet = CallReturns("NestedTryInCatch", "Thrower")[1];
        ulong throwSite = ThrowSiteIn("Thrower");
        LayFrame(stack, map, throwSite, ThrowerStackPointer, returnIntoFunclet, CallerRbp);
        ulong throwerCfa = ThrowerStackPointer + (ulong)Rules(map, throwSite).CfaOffset;
        LayFrame(stack, map, returnIntoFunclet, throwerCfa, returnAddress: 0x4444_0000, savedRbp: 0);
        WriteContext(stack, throwSite, ThrowerStackPointer, rbp: CallerRbp);

        var iterator = new StackFrameIteratorState();
        StackFrameWalker walker = Walker(map, stack);
        Assert.True(walker.TryInit(ContextAddress, false, 0, ref iterator));
        Assert.True(walker.TryNext(ref iterator, out _));
        Assert.False(walker.TryNext(ref iterator, out StepOutcome outcome));
        Assert.Equal(0UL, outcome.CollidedExInfo);
    }

    private static StackFrameWalker Walker(CodeMap map, byte[] stack) => new(map, new ModuleMemory(stack, StackBase), s_thunks);

    private static UnwindRules Rules(CodeMap map, ulong pc)
    {
        Assert.True(map.TryFindMethod(pc, out MethodInfo method));
        Assert.True(map.TryGetUnwindRules(method, pc, out UnwindRules rules));
        return rules;
    }

    /// <summary>Writes the frame the CFI row at <paramref name="pc"/> describes when the frame's
    /// stack pointer is <paramref name="sp"/>: the return address and a saved rbp (if the row
    /// saves it). Returns the CFA, the caller's stack pointer.</summary>
    private static ulong LayFrame(byte[] stack, CodeMap map, ulong pc, ulong sp, ulong returnAddress, ulong savedRbp)
    {
        UnwindRules rules = Rules(map, pc);
        Assert.Equal(DwarfRegister.Rsp, rules.CfaRegister);
        ulong cfa = sp + (ulong)rules.CfaOffset;
        Write(stack, cfa + (ulong)rules[DwarfRegister.ReturnAddress].Operand, returnAddress);
        if (rules[DwarfRegister.Rbp].Kind == RegisterRuleKind.Offset)
            Write(stack, cfa + (ulong)rules[DwarfRegister.Rbp].Operand, savedRbp);
        return cfa;
    }

    private static void WriteContext(byte[] stack, ulong ip, ulong sp, ulong rbp)
    {
        Write(stack, ContextAddress + RuntimeLayout.PalLimitedContextIp, ip);
        Write(stack, ContextAddress + RuntimeLayout.PalLimitedContextRsp, sp);
        Write(stack, ContextAddress + RuntimeLayout.PalLimitedContextRbp, rbp);
    }

    private static void WriteExInfo(byte[] stack, ulong address, ulong previous, uint currentClause, StackFrameIteratorState iterator)
    {
        Write(stack, address + RuntimeLayout.ExInfoPrevious, previous);
        BinaryPrimitives.WriteUInt32LittleEndian(stack.AsSpan((int)(address - StackBase + RuntimeLayout.ExInfoCurrentClause)), currentClause);
        MemoryMarshal.Write(stack.AsSpan((int)(address - StackBase + RuntimeLayout.ExInfoFrameIterator)), in iterator);
    }

    private static ulong[] CallReturns(string caller, string callee)
    {
        var symbol = FixtureView.Elf.Symbol(FixtureView.ShapePrefix + caller);
        ulong[] returns = FixtureView.ReturnAddressesOfCallsTo(symbol.Address, symbol.Address + symbol.Size, FixtureView.MethodStart(callee));
        Assert.NotEmpty(returns);
        return returns;
    }

    /// <summary>The return address of the method's first call to RhpThrowEx: ilc follows a call
    /// that never returns with int3.</summary>
    private static ulong ThrowSiteIn(string shape)
    {
        var method = FixtureView.Elf.Symbol(FixtureView.ShapePrefix + shape);
        ReadOnlySpan<byte> code = FixtureView.Elf.Image.AsSpan((int)(method.Address - FixtureView.Elf.ImageBase), (int)method.Size);
        for (int i = 0; i + 5 < code.Length; i++)
        {
            if (code[i] == 0xe8 && code[i + 5] == 0xcc)
                return method.Address + (ulong)i + 5;
        }
        throw new InvalidOperationException("no throw site in " + shape);
    }

    private static void Write(byte[] stack, ulong address, ulong value) =>
        BinaryPrimitives.WriteUInt64LittleEndian(stack.AsSpan((int)(address - StackBase)), value);
}
