// One unwind step over a simulated stack laid out as ilc's prologue of ManyLiveValues leaves it
// (push rbp, r15, r14, r13, r12, rbx; sub rsp): from the return address of its second call to
// Thrower back into its caller Run, with every callee-saved register's location moved to its save
// slot; then a second step out of Run.
using System;
using System.Buffers.Binary;
using OSv.Runtime.Exceptions;
using Xunit;

namespace OSv.Runtime.Tests.Exceptions;

public class FrameUnwinderTests
{
    private const ulong StackBase = 0x7fff_0000;
    private const int StackBytes = 0x1000;
    private const ulong CalleeStackPointer = StackBase + 0x100;
    private const ulong ContextArea = StackBase + 0xe00; // where the "current" register values live

    [Fact]
    public void Step_ManyLiveValuesAtCallSite_ReachesCallerWithSavedRegisters()
    {
        var stack = new byte[StackBytes];
        ulong callSite = SecondThrowerCallReturn();
        ulong returnIntoRun = ReturnAddressInRunAfterManyLiveValues();
        ulong cfa = CalleeStackPointer + 80; // checked against readelf by CfiRulesTests
        Write(stack, cfa - 8, returnIntoRun);
        Write(stack, cfa - 16, 0x1111_0000_0000_00bbUL); // rbp
        Write(stack, cfa - 24, 0x1111_0000_0000_0015UL); // r15
        Write(stack, cfa - 32, 0x1111_0000_0000_0014UL); // r14
        Write(stack, cfa - 40, 0x1111_0000_0000_0013UL); // r13
        Write(stack, cfa - 48, 0x1111_0000_0000_0012UL); // r12
        Write(stack, cfa - 56, 0x1111_0000_0000_00b0UL); // rbx
        RegisterSet registers = ContextRegisters(callSite, CalleeStackPointer);

        Assert.True(Step(stack, ref registers));

        Assert.Equal(returnIntoRun, registers.InstructionPointer);
        Assert.Equal(cfa, registers.StackPointer);
        Assert.Equal(cfa - 16, registers.RbpLocation);
        Assert.Equal(cfa - 56, registers.RbxLocation);
        Assert.Equal(cfa - 48, registers.R12Location);
        Assert.Equal(cfa - 24, registers.R15Location);
        Assert.Equal(0x1111_0000_0000_0014UL, Read(stack, registers.R14Location));
        Assert.Equal(0x1111_0000_0000_0013UL, Read(stack, registers.R13Location));
    }

    [Fact]
    public void Step_TwiceFromManyLiveValues_LeavesRunThroughItsReturnAddress()
    {
        var stack = new byte[StackBytes];
        ulong cfa = CalleeStackPointer + 80;
        Write(stack, cfa - 8, ReturnAddressInRunAfterManyLiveValues());
        RegisterSet registers = ContextRegisters(SecondThrowerCallReturn(), CalleeStackPointer);
        Assert.True(Step(stack, ref registers));

        CodeMap map = FixtureView.Map;
        Assert.True(map.TryFindMethod(registers.InstructionPointer, out MethodInfo run));
        Assert.Equal(FixtureView.MethodStart("Run"), run.MethodStart);
        Assert.True(map.TryGetUnwindRules(run, registers.InstructionPointer, out UnwindRules runRules));
        Assert.Equal(DwarfRegister.Rsp, runRules.CfaRegister);
        ulong runCfa = registers.StackPointer + (ulong)runRules.CfaOffset;
        const ulong nativeCaller = 0x0000_5555_1234_5678;
        Write(stack, runCfa - 8, nativeCaller);

        Assert.True(Step(stack, ref registers));
        Assert.Equal(nativeCaller, registers.InstructionPointer);
        Assert.Equal(runCfa, registers.StackPointer);
    }

    [Fact]
    public void Step_ReturnAddressSlotOutsideStack_FailsAndLeavesRegisters()
    {
        var stack = new byte[StackBytes];
        ulong nearTop = StackBase + StackBytes - 16; // CFA - 8 lies past the end of the view
        RegisterSet registers = ContextRegisters(SecondThrowerCallReturn(), nearTop);
        RegisterSet before = registers;

        Assert.False(Step(stack, ref registers));
        Assert.Equal(before, registers);
    }

    private static bool Step(byte[] stack, ref RegisterSet registers)
    {
        CodeMap map = FixtureView.Map;
        Assert.True(map.TryFindMethod(registers.InstructionPointer, out MethodInfo method));
        Assert.True(map.TryGetUnwindRules(method, registers.InstructionPointer, out UnwindRules rules));
        return FrameUnwinder.TryStep(new ModuleMemory(stack, StackBase), rules, ref registers);
    }

    private static RegisterSet ContextRegisters(ulong ip, ulong sp) => new()
    {
        InstructionPointer = ip,
        StackPointer = sp,
        RbxLocation = ContextArea + 0x00,
        RbpLocation = ContextArea + 0x08,
        R12Location = ContextArea + 0x10,
        R13Location = ContextArea + 0x18,
        R14Location = ContextArea + 0x20,
        R15Location = ContextArea + 0x28,
    };

    private static ulong SecondThrowerCallReturn()
    {
        ulong start = FixtureView.MethodStart("ManyLiveValues");
        ulong[] returns = FixtureView.ReturnAddressesOfCallsTo(start, start + 0x80, FixtureView.MethodStart("Thrower"));
        Assert.Equal(2, returns.Length);
        return returns[1];
    }

    private static ulong ReturnAddressInRunAfterManyLiveValues()
    {
        var run = FixtureView.Elf.Symbol(FixtureView.ShapePrefix + "Run");
        ulong[] returns = FixtureView.ReturnAddressesOfCallsTo(run.Address, run.Address + run.Size, FixtureView.MethodStart("ManyLiveValues"));
        Assert.Single(returns);
        return returns[0];
    }

    private static void Write(byte[] stack, ulong address, ulong value) =>
        BinaryPrimitives.WriteUInt64LittleEndian(stack.AsSpan((int)(address - StackBase)), value);

    private static ulong Read(byte[] stack, ulong address) =>
        BinaryPrimitives.ReadUInt64LittleEndian(stack.AsSpan((int)(address - StackBase)));
}
