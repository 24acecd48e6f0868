// One virtual unwind step: given the registers at a code address inside a managed method (a call
// site's return address, or the faulting instruction) and the CFI row for that address, compute
// the caller's registers. This is what UnixNativeCodeManager::VirtualUnwind gets from libunwind.
//
// Step (DWARF 5 §6.4.4): CFA = value(CFA register) + offset; the return address is read from its
// Offset rule (ilc: CFA-8); the caller's stack pointer is the CFA (x86-64 CFI defines the CFA as
// the stack pointer before the call); each callee-saved register with an Offset rule now lives at
// CFA+N; SameValue and Undefined leave a callee-saved register where it was (a method that does
// not save a callee-saved register does not touch it). Register/ValueOffset rules cannot be
// expressed as a location and are rejected — ilc does not emit them.
//
// Stack reads go through a ModuleMemory view of the thread's stack (and of the initial context,
// if it lives elsewhere), so a corrupt frame fails the step instead of faulting.
using System;

namespace OSv.Runtime.Exceptions;

internal static class FrameUnwinder
{
    // A byte-literal span compiles to read-only data: no array is allocated.
    private static ReadOnlySpan<byte> CalleeSavedColumns =>
    [
        DwarfRegister.Rbx, DwarfRegister.Rbp, DwarfRegister.R12,
        DwarfRegister.R13, DwarfRegister.R14, DwarfRegister.R15,
    ];

    /// <summary>Moves <paramref name="registers"/> from the frame described by
    /// <paramref name="rules"/> to its caller. On failure the registers are unchanged.</summary>
    public static bool TryStep(ModuleMemory stack, in UnwindRules rules, ref RegisterSet registers)
    {
        if (!TryComputeCfa(stack, in rules, in registers, out ulong cfa))
            return false;
        RegisterRule returnAddress = rules[DwarfRegister.ReturnAddress];
        if (returnAddress.Kind != RegisterRuleKind.Offset)
            return false;
        if (!stack.TryReadUInt64(cfa + (ulong)returnAddress.Operand, out ulong callerIp))
            return false;

        RegisterSet caller = registers;
        foreach (byte column in CalleeSavedColumns)
        {
            RegisterRule rule = rules[column];
            switch (rule.Kind)
            {
                case RegisterRuleKind.Offset:
                    caller.SetLocation(column, cfa + (ulong)rule.Operand);
                    break;
                case RegisterRuleKind.Undefined:
                case RegisterRuleKind.SameValue:
                    break;
                default:
                    return false;
            }
        }
        caller.InstructionPointer = callerIp;
        caller.StackPointer = cfa;
        registers = caller;
        return true;
    }

    private static bool TryComputeCfa(ModuleMemory stack, in UnwindRules rules, in RegisterSet registers, out ulong cfa)
    {
        cfa = 0;
        ulong baseValue;
        if (rules.CfaRegister == DwarfRegister.Rsp)
            baseValue = registers.StackPointer;
        else if (!registers.TryGetLocation(rules.CfaRegister, out ulong location) || !stack.TryReadUInt64(location, out baseValue))
            return false;
        cfa = baseValue + (ulong)rules.CfaOffset;
        return true;
    }
}
