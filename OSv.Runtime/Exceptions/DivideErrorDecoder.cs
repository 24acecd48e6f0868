// Which exception a divide error (#DE) is. x86 raises #DE both for a zero divisor and for a
// quotient that does not fit the destination; .NET throws DivideByZeroException for the first
// and OverflowException for the second (int.MinValue / -1, long.MinValue % -1). The CPU does not
// say which, so, like NativeAOT on Linux (HardwareExceptions.cpp, IsDivByZeroAnIntegerOverflow),
// we decode the faulting DIV/IDIV at rip, read its divisor from the interrupted registers or
// memory, and answer DivideByZero for a zero divisor and Overflow for any other (the quotient
// must then have overflowed; for the code ilc emits — cdq/cqo or xor edx,edx before the divide —
// that is only a signed divide of the minimum value by -1).
//
// Encoding (Intel SDM vol. 2, 2.1-2.2; AMD APM vol. 3, 1.2-1.4): legacy prefixes (66 operand
// size, 67 address size, segment overrides, F0/F2/F3), then an optional REX (40-4F) that counts
// only when it directly precedes the opcode, then F6 (8-bit) or F7 (16/32/64-bit) with ModRM.reg
// 6 (DIV) or 7 (IDIV). The divisor is ModRM's r/m operand: a register (mod 3; 8-bit r/m 4-7
// without REX are AH, CH, DH, BH), or memory through [base + index * scale + disp] (SIB when
// r/m = 4; no base for mod 0 with base 5; no index for index 4; RIP-relative for mod 0, r/m 5,
// relative to the end of the instruction, which has no immediate for /6 and /7).
//
// Bounded and never faulting: the decoder reads only the span it is given (the caller passes at
// most MaxInstructionBytes, clipped to the end of managed code) and reads memory only through the
// context, which may refuse. Anything it cannot decode — a truncated span, another opcode, an
// FS/GS-relative operand whose segment base it does not know, a refused read — answers
// DivideByZero, the answer the runtime gave before it decoded anything.
using System;

namespace OSv.Runtime.Exceptions;

internal enum DivideErrorKind
{
    DivideByZero,
    Overflow,
}

// The interrupted context as the decoder sees it. Register numbers are x86 encodings: 0 rax,
// 1 rcx, 2 rdx, 3 rbx, 4 rsp, 5 rbp, 6 rsi, 7 rdi, 8-15 r8-r15.
internal interface IDivideFaultContext
{
    ulong ReadRegister(int number);

    // Reads sizeBytes (1, 2, 4 or 8) little-endian bytes at address, or returns false when it
    // cannot do so without risking a fault.
    bool TryReadMemory(ulong address, int sizeBytes, out ulong value);
}

// Where a decoded DIV/IDIV takes its divisor from.
internal readonly struct DivisorOperand
{
    public bool IsSigned { get; init; }        // IDIV (ModRM.reg 7) rather than DIV (6)
    public int SizeBytes { get; init; }        // 1, 2, 4 or 8
    public bool IsMemory { get; init; }
    public int Register { get; init; }         // register operand: its number
    public bool IsHighByte { get; init; }      // register operand: AH, CH, DH or BH (bits 8-15)
    public ulong Address { get; init; }        // memory operand: the effective address
    public int InstructionLength { get; init; }
}

internal static class DivideErrorDecoder
{
    // The architectural limit: a longer instruction raises #GP, never #DE.
    public const int MaxInstructionBytes = 15;

    private const byte OpcodeDivide8 = 0xF6;
    private const byte OpcodeDivide = 0xF7;
    private const int ModRmRegDiv = 6;
    private const int ModRmRegIdiv = 7;

    public static DivideErrorKind Classify<TContext>(ReadOnlySpan<byte> code, ulong rip, ref TContext context)
        where TContext : struct, IDivideFaultContext
    {
        if (!TryDecode(code, rip, ref context, out DivisorOperand operand))
            return DivideErrorKind.DivideByZero;
        if (!TryReadDivisor(operand, ref context, out ulong divisor))
            return DivideErrorKind.DivideByZero;
        return divisor == 0 ? DivideErrorKind.DivideByZero : DivideErrorKind.Overflow;
    }

    // The divisor, zero-extended from its size.
    public static bool TryReadDivisor<TContext>(in DivisorOperand operand, ref TContext context, out ulong divisor)
        where TContext : struct, IDivideFaultContext
    {
        divisor = 0;
        ulong raw;
        if (operand.IsMemory)
        {
            if (!context.TryReadMemory(operand.Address, operand.SizeBytes, out raw))
                return false;
        }
        else
        {
            raw = context.ReadRegister(operand.Register);
            if (operand.IsHighByte)
                raw >>= 8;
        }
        divisor = operand.SizeBytes == 8 ? raw : raw & ((1UL << (operand.SizeBytes * 8)) - 1);
        return true;
    }

    public static bool TryDecode<TContext>(ReadOnlySpan<byte> code, ulong rip, ref TContext context, out DivisorOperand operand)
        where TContext : struct, IDivideFaultContext
    {
        operand = default;
        if (code.Length > MaxInstructionBytes)
            code = code.Slice(0, MaxInstructionBytes);

        // Case: prefixes. A REX counts only directly before the opcode, so a legacy prefix after
        // it cancels it (the CPU ignores such a REX).
        int position = 0;
        bool operandSizePrefix = false, addressSizePrefix = false, segmentBaseUnknown = false;
        byte rex = 0;
        while (position < code.Length)
        {
            byte prefix = code[position];
            if ((prefix & 0xF0) == 0x40)
                rex = prefix;
            else if (IsLegacyPrefix(prefix))
            {
                rex = 0;
                operandSizePrefix |= prefix == 0x66;
                addressSizePrefix |= prefix == 0x67;
                segmentBaseUnknown |= prefix == 0x64 || prefix == 0x65;
            }
            else
                break;
            position++;
        }

        // Case: the opcode and ModRM of DIV or IDIV.
        if (position + 2 > code.Length)
            return false;
        byte opcode = code[position];
        if (opcode != OpcodeDivide8 && opcode != OpcodeDivide)
            return false;
        byte modRm = code[position + 1];
        int reg = (modRm >> 3) & 7;
        if (reg != ModRmRegDiv && reg != ModRmRegIdiv)
            return false;
        position += 2;

        bool rexW = (rex & 0x8) != 0;
        int sizeBytes = opcode == OpcodeDivide8 ? 1 : rexW ? 8 : operandSizePrefix ? 2 : 4;
        int mod = modRm >> 6;
        int rm = modRm & 7;
        int rexB = (rex & 0x1) << 3;

        // Case: a register divisor.
        if (mod == 3)
        {
            bool highByte = sizeBytes == 1 && rex == 0 && rm >= 4;
            operand = new DivisorOperand
            {
                IsSigned = reg == ModRmRegIdiv,
                SizeBytes = sizeBytes,
                Register = highByte ? rm - 4 : rm | rexB,
                IsHighByte = highByte,
                InstructionLength = position,
            };
            return true;
        }

        // Case: a memory divisor.
        if (segmentBaseUnknown)
            return false;
        if (!TryEffectiveAddress(code, ref position, mod, rm, rex, rip, ref context, out ulong address))
            return false;
        if (addressSizePrefix)
            address = (uint)address;
        operand = new DivisorOperand
        {
            IsSigned = reg == ModRmRegIdiv,
            SizeBytes = sizeBytes,
            IsMemory = true,
            Address = address,
            InstructionLength = position,
        };
        return true;
    }

    // [base + index * scale + disp] from the bytes after ModRM; advances position past SIB and
    // displacement. RIP-relative addresses count from the end of the instruction.
    private static bool TryEffectiveAddress<TContext>(ReadOnlySpan<byte> code, ref int position, int mod, int rm, byte rex,
        ulong rip, ref TContext context, out ulong address)
        where TContext : struct, IDivideFaultContext
    {
        address = 0;
        int rexB = (rex & 0x1) << 3;
        int rexX = (rex & 0x2) << 2;
        bool ripRelative = false;
        if (rm == 4)
        {
            // Case: SIB. Base 5 with mod 0 means no base register, only disp32; index 4 (rsp,
            // without REX.X) means no index.
            if (position >= code.Length)
                return false;
            byte sib = code[position++];
            int scaleShift = sib >> 6;
            int index = ((sib >> 3) & 7) | rexX;
            int baseLow = sib & 7;
            if (!(mod == 0 && baseLow == 5))
                address = context.ReadRegister(baseLow | rexB);
            if (index != 4)
                address += context.ReadRegister(index) << scaleShift;
            if (mod == 0 && baseLow == 5)
                mod = 2; // a disp32 follows, as for mod 2
        }
        else if (mod == 0 && rm == 5)
        {
            ripRelative = true; // disp32 from the next instruction
            mod = 2;
        }
        else
            address = context.ReadRegister(rm | rexB);

        if (mod == 1)
        {
            if (position + 1 > code.Length)
                return false;
            address += (ulong)(long)(sbyte)code[position];
            position += 1;
        }
        else if (mod == 2)
        {
            if (position + 4 > code.Length)
                return false;
            int displacement = code[position] | code[position + 1] << 8 | code[position + 2] << 16 | code[position + 3] << 24;
            address += (ulong)(long)displacement;
            position += 4;
        }
        if (ripRelative)
            address += rip + (ulong)position;
        return true;
    }

    private static bool IsLegacyPrefix(byte value) => value switch
    {
        0x66 or 0x67 => true,                                    // operand size, address size
        0x26 or 0x2E or 0x36 or 0x3E or 0x64 or 0x65 => true,    // segment overrides
        0xF0 or 0xF2 or 0xF3 => true,                            // lock, repne, rep
        _ => false,
    };
}
