// The row of the DWARF CFI table for one code address (DWARF 5 §6.4.1): how to compute the
// canonical frame address (CFA) and, per register, where the caller's value is.
//
// Only the rule kinds ilc's x64 unwind info uses (it converts RyuJIT's unwind codes: push,
// sub rsp, lea rbp) plus the common ones a C/assembly frame would use are representable:
// Undefined, SameValue, Offset (saved at CFA+N), ValueOffset (value is CFA+N) and Register. The
// CFA is register+offset; DWARF expressions are rejected by the interpreter, never guessed.
// Columns are DWARF x86-64 register numbers (System V psABI §3.6.2 figure 3.36): 0 rax, 1 rdx,
// 2 rcx, 3 rbx, 4 rsi, 5 rdi, 6 rbp, 7 rsp, 8–15 r8–r15, 16 return address (rip).
using System.Runtime.CompilerServices;

namespace OSv.Runtime.Exceptions;

internal enum RegisterRuleKind : byte
{
    Undefined,
    SameValue,
    Offset,
    ValueOffset,
    Register,
}

internal readonly record struct RegisterRule(RegisterRuleKind Kind, long Operand)
{
    public static RegisterRule Undefined => new(RegisterRuleKind.Undefined, 0);
    public static RegisterRule SameValue => new(RegisterRuleKind.SameValue, 0);
    public static RegisterRule SavedAt(long cfaOffset) => new(RegisterRuleKind.Offset, cfaOffset);
}

internal static class DwarfRegister
{
    public const int Rax = 0;
    public const int Rbx = 3;
    public const int Rbp = 6;
    public const int Rsp = 7;
    public const int R12 = 12;
    public const int R13 = 13;
    public const int R14 = 14;
    public const int R15 = 15;
    public const int ReturnAddress = 16;
    public const int ColumnCount = 17;
}

[InlineArray(DwarfRegister.ColumnCount)]
internal struct RegisterRuleArray
{
    private RegisterRule _element;
}

internal struct UnwindRules
{
    public int CfaRegister;
    public long CfaOffset;
    public RegisterRuleArray Registers; // default(RegisterRule) is Undefined

    public RegisterRule this[int column]
    {
        readonly get => Registers[column];
        set => Registers[column] = value;
    }
}
