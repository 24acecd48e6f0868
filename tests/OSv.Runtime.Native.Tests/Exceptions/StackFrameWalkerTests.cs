// RhpSfiInit/RhpSfiNext logic over simulated stacks built from the fixture's own frames: from a
// throw site in Thrower up through CatchByType (whose clause must cover the call), and from
// ManyLiveValues up through the [UnmanagedCallersOnly] entry Run, where the walk must end with
// "unwound reverse P/Invoke".
using System;
using System.Buffers.Binary;
using OSv.Runtime.Native.Exceptions;
using Xunit;

namespace OSv.Runtime.Native.Tests.Exceptions;

public class StackFrameWalkerTests
{
    private const ulong StackBase = 0x7ffe_0000;
    private const int StackBytes = 0x2000;
    private const ulong ContextAddress = StackBase + 0x40;   // where the throw entry would put it
    private const ulong ThrowerStackPointer = StackBase + 0x200;
    private const ulong CallerRbp = 0x7ffe_1f00;              // a value, as if CatchByType's rbp

    [Fact]
    public void Walk_FromThrowSite_ReachesCatchByTypeWithItsClause()
    {
        var stack = new byte[StackBytes];
        CodeMap map = FixtureView.Map;
        ulong throwSite = ThrowSiteInThrower();
        ulong returnIntoCatch = FixtureView.ReturnAddressesOfCallsTo(FixtureView.MethodStart("CatchByType"),
            FixtureView.MethodStart("CatchByType") + 0x20, FixtureView.MethodStart("Thrower"))[0];
        ulong throwerCfa = LayFrame(stack, map, throwSite, ThrowerStackPointer, returnIntoCatch, CallerRbp);
        WriteContext(stack, throwSite, ThrowerStackPointer, rbp: 0x1234);

        var iterator = new StackFrameIteratorState();
        Assert.True(StackFrameWalker.TryInit(map, Memory(stack), ContextAddress, ref iterator));
        Assert.Equal(FixtureView.MethodStart("Thrower"), iterator.MethodStart);
        Assert.Equal(throwSite, iterator.ControlPc);
        Assert.Equal(ThrowerStackPointer, iterator.Registers.Sp);
        Assert.Equal(ContextAddress + RuntimeLayout.PalLimitedContextRbx, iterator.Registers.RbxLocation);
        Assert.Equal(0UL, iterator.FramePointer); // Thrower has no EH clauses
        Assert.False(StackFrameWalker.TryBeginClauses(map, iterator, out _, out _));

        Assert.True(StackFrameWalker.TryNext(map, Memory(stack), ref iterator, out bool unwoundReversePInvoke));
        Assert.False(unwoundReversePInvoke);
        Assert.Equal(FixtureView.MethodStart("CatchByType"), iterator.MethodStart);
        Assert.Equal(returnIntoCatch, iterator.ControlPc);
        Assert.Equal(throwerCfa, iterator.Registers.Sp);
        Assert.Equal(CallerRbp, iterator.FramePointer); // rbp restored from Thrower's save slot

        Assert.True(StackFrameWalker.TryBeginClauses(map, iterator, out MethodRegionInfo region, out EHClauseEnumerator clauses));
        Assert.Equal(FixtureView.MethodStart("CatchByType"), region.HotStartAddress);
        Assert.True(clauses.TryMoveNext(map.Image, out EHClause clause));
        Assert.True(clause.ContainsCodeOffset((uint)(iterator.ControlPc - 1 - region.HotStartAddress)));
    }

    [Fact]
    public void Walk_OutOfUnmanagedCallersOnlyEntry_EndsWithReversePInvoke()
    {
        var stack = new byte[StackBytes];
        CodeMap map = FixtureView.Map;
        ulong start = FixtureView.MethodStart("ManyLiveValues");
        ulong callSite = FixtureView.ReturnAddressesOfCallsTo(start, start + 0x80, FixtureView.MethodStart("Thrower"))[0];
        var run = FixtureView.Elf.Symbol(FixtureView.ShapePrefix + "Run");
        ulong returnIntoRun = FixtureView.ReturnAddressesOfCallsTo(run.Address, run.Address + run.Size, start)[0];
        ulong cfa = LayFrame(stack, map, callSite, ThrowerStackPointer, returnIntoRun, CallerRbp);
        LayFrame(stack, map, returnIntoRun, cfa, returnAddress: 0x5555_0000_1000, savedRbp: 0);
        WriteContext(stack, callSite, ThrowerStackPointer, rbp: 0);

        var iterator = new StackFrameIteratorState();
        Assert.True(StackFrameWalker.TryInit(map, Memory(stack), ContextAddress, ref iterator));
        Assert.True(StackFrameWalker.TryNext(map, Memory(stack), ref iterator, out bool unwound));
        Assert.False(unwound);
        Assert.Equal(run.Address, iterator.MethodStart);

        Assert.False(StackFrameWalker.TryNext(map, Memory(stack), ref iterator, out unwound));
        Assert.True(unwound);
        Assert.Equal(0UL, iterator.MethodStart);
    }

    [Fact]
    public void Init_ContextOutsideManagedCode_Fails()
    {
        var stack = new byte[StackBytes];
        WriteContext(stack, ip: 0x10, sp: ThrowerStackPointer, rbp: 0);
        var iterator = new StackFrameIteratorState();
        Assert.False(StackFrameWalker.TryInit(FixtureView.Map, Memory(stack), ContextAddress, ref iterator));
    }

    /// <summary>Writes the frame the CFI row at <paramref name="pc"/> describes when the frame's
    /// stack pointer is <paramref name="sp"/>: the return address and a saved rbp (if the row
    /// saves it). Returns the CFA, the caller's stack pointer.</summary>
    private static ulong LayFrame(byte[] stack, CodeMap map, ulong pc, ulong sp, ulong returnAddress, ulong savedRbp)
    {
        Assert.True(map.TryFindMethod(pc, out MethodInfo method));
        Assert.True(map.TryGetUnwindRules(method, pc, out UnwindRules rules));
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

    /// <summary>The return address of Thrower's first call to RhpThrowEx: ilc follows a call
    /// that never returns with int3.</summary>
    private static ulong ThrowSiteInThrower()
    {
        var thrower = FixtureView.Elf.Symbol(FixtureView.ShapePrefix + "Thrower");
        ReadOnlySpan<byte> code = FixtureView.Elf.Image.AsSpan((int)(thrower.Address - FixtureView.Elf.ImageBase), (int)thrower.Size);
        for (int i = 0; i + 5 < code.Length; i++)
        {
            if (code[i] == 0xe8 && code[i + 5] == 0xcc)
                return thrower.Address + (ulong)i + 5;
        }
        throw new InvalidOperationException("no throw site in Thrower");
    }

    private static ModuleMemory Memory(byte[] stack) => new(stack, StackBase);

    private static void Write(byte[] stack, ulong address, ulong value) =>
        BinaryPrimitives.WriteUInt64LittleEndian(stack.AsSpan((int)(address - StackBase)), value);
}
