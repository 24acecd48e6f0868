// One behaviour per test for telling a zero divisor from a quotient overflow at a #DE
// (DivideErrorDecoder.cs): the encodings ilc emits (taken from the Compat image's
// `objdump -d Compat.debug.elf`), every ModRM/SIB addressing form, prefixes, and bytes that are
// truncated or not a divide at all, which must answer DivideByZero without throwing.
using System;
using System.Linq;
using OSv.Runtime.Exceptions;
using OSv.Testing;
using Xunit;

namespace OSv.Runtime.Tests.Exceptions;

public class DivideErrorDecoderTests
{
    private const ulong Rip = 0x40_1000;
    private const ulong MemoryBase = 0x7000_0000;

    private const int Rax = 0, Rcx = 1, Rdx = 2, Rbx = 3, Rsp = 4, Rbp = 5, Rsi = 6, Rdi = 7;
    private const int R8 = 8, R12 = 12, R13 = 13, R15 = 15;

    // Registers by number and 256 bytes of memory at MemoryBase; any other read is refused.
    private struct FakeContext : IDivideFaultContext
    {
        public ulong[] Registers;
        public byte[] Memory;
        public int MemoryReads;

        public static FakeContext Create() => new() { Registers = new ulong[16], Memory = new byte[256] };

        public readonly ulong ReadRegister(int number) => Registers[number];

        public bool TryReadMemory(ulong address, int sizeBytes, out ulong value)
        {
            MemoryReads++;
            value = 0;
            if (address < MemoryBase || address - MemoryBase > (ulong)(Memory.Length - sizeBytes))
                return false;
            for (int i = sizeBytes - 1; i >= 0; i--)
                value = value << 8 | Memory[address - MemoryBase + (ulong)i];
            return true;
        }

        public readonly void Store(ulong address, ulong value, int sizeBytes)
        {
            for (int i = 0; i < sizeBytes; i++)
                Memory[address - MemoryBase + (ulong)i] = (byte)(value >> (8 * i));
        }
    }

    private static byte[] Bytes(string hex) =>
        hex.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(b => Convert.ToByte(b, 16)).ToArray();

    private static DivisorOperand Decode(string hex, FakeContext context)
    {
        Assert.True(DivideErrorDecoder.TryDecode(Bytes(hex), Rip, ref context, out DivisorOperand operand), hex);
        return operand;
    }

    private static DivideErrorKind Classify(string hex, FakeContext context) =>
        DivideErrorDecoder.Classify(Bytes(hex), Rip, ref context);

    // Register operands exactly as ilc emitted them in the Compat image.
    [Theory]
    [InlineData("f7 ff", Rdi, 4, true)]           // idiv %edi
    [InlineData("f7 f9", Rcx, 4, true)]           // idiv %ecx
    [InlineData("f7 fe", Rsi, 4, true)]           // idiv %esi
    [InlineData("f7 fb", Rbx, 4, true)]           // idiv %ebx
    [InlineData("41 f7 ff", R15, 4, true)]        // idiv %r15d
    [InlineData("41 f7 fd", R13, 4, true)]        // idiv %r13d
    [InlineData("41 f7 f8", R8, 4, true)]         // idiv %r8d
    [InlineData("48 f7 ff", Rdi, 8, true)]        // idiv %rdi
    [InlineData("48 f7 f9", Rcx, 8, true)]        // idiv %rcx
    [InlineData("49 f7 fc", R12, 8, true)]        // idiv %r12
    [InlineData("48 f7 f7", Rdi, 8, false)]       // div %rdi
    [InlineData("48 f7 f1", Rcx, 8, false)]       // div %rcx
    [InlineData("f7 f3", Rbx, 4, false)]          // div %ebx
    [InlineData("41 f7 f4", R12, 4, false)]       // div %r12d
    [InlineData("49 f7 f0", R8, 8, false)]        // div %r8
    public void TryDecode_IlcRegisterDivide_NamesRegisterSizeAndSignedness(string hex, int register, int sizeBytes, bool signed)
    {
        DivisorOperand operand = Decode(hex, FakeContext.Create());
        Assert.False(operand.IsMemory);
        Assert.Equal(register, operand.Register);
        Assert.False(operand.IsHighByte);
        Assert.Equal(sizeBytes, operand.SizeBytes);
        Assert.Equal(signed, operand.IsSigned);
        Assert.Equal(Bytes(hex).Length, operand.InstructionLength);
    }

    // Memory operands exactly as ilc emitted them: base register + displacement.
    [Theory]
    [InlineData("f7 79 08", Rcx, 8, 4, true)]                // idivl 0x8(%rcx)
    [InlineData("f7 7f 08", Rdi, 8, 4, true)]                // idivl 0x8(%rdi)
    [InlineData("41 f7 7f 08", R15, 8, 4, true)]             // idivl 0x8(%r15)
    [InlineData("41 f7 7c 24 08", R12, 8, 4, true)]          // idivl 0x8(%r12): r12 needs a SIB
    [InlineData("41 f7 7d 08", R13, 8, 4, true)]             // idivl 0x8(%r13): r13 needs a disp
    [InlineData("f7 7d f8", Rbp, -8, 4, true)]               // idivl -0x8(%rbp)
    [InlineData("f7 bd 70 ff ff ff", Rbp, -0x90, 4, true)]   // idivl -0x90(%rbp)
    [InlineData("48 f7 7d f0", Rbp, -0x10, 8, true)]         // idivq -0x10(%rbp)
    [InlineData("f7 33", Rbx, 0, 4, false)]                  // divl (%rbx)
    [InlineData("48 f7 75 c8", Rbp, -0x38, 8, false)]        // divq -0x38(%rbp)
    public void TryDecode_IlcMemoryDivide_ComputesBasePlusDisplacement(string hex, int baseRegister, int displacement, int sizeBytes, bool signed)
    {
        FakeContext context = FakeContext.Create();
        context.Registers[baseRegister] = MemoryBase + 0x80;
        DivisorOperand operand = Decode(hex, context);
        Assert.True(operand.IsMemory);
        Assert.Equal(MemoryBase + 0x80 + (ulong)(long)displacement, operand.Address);
        Assert.Equal(sizeBytes, operand.SizeBytes);
        Assert.Equal(signed, operand.IsSigned);
        Assert.Equal(Bytes(hex).Length, operand.InstructionLength);
    }

    [Fact]
    public void Classify_IntMinValueByMinusOneInRegister_IsOverflow()
    {
        FakeContext context = FakeContext.Create();
        context.Registers[Rax] = 0x8000_0000;
        context.Registers[Rdx] = 0xFFFF_FFFF;
        context.Registers[Rdi] = 0xFFFF_FFFF;
        Assert.Equal(DivideErrorKind.Overflow, Classify("f7 ff", context));
    }

    [Fact]
    public void Classify_ZeroDivisorInRegister_IsDivideByZero()
    {
        Assert.Equal(DivideErrorKind.DivideByZero, Classify("f7 ff", FakeContext.Create()));
    }

    [Fact]
    public void Classify_32BitDivisorZeroWithUpperHalfSet_IsDivideByZero()
    {
        FakeContext context = FakeContext.Create();
        context.Registers[Rdi] = 0xFFFF_FFFF_0000_0000;
        Assert.Equal(DivideErrorKind.DivideByZero, Classify("f7 ff", context));
    }

    [Fact]
    public void Classify_LongMinValueByMinusOneInRegister_IsOverflow()
    {
        FakeContext context = FakeContext.Create();
        context.Registers[Rax] = 0x8000_0000_0000_0000;
        context.Registers[Rdx] = ulong.MaxValue;
        context.Registers[Rdi] = ulong.MaxValue;
        Assert.Equal(DivideErrorKind.Overflow, Classify("48 f7 ff", context));
    }

    [Fact]
    public void Classify_MinusOneInMemory_IsOverflow()
    {
        FakeContext context = FakeContext.Create();
        context.Registers[Rcx] = MemoryBase + 0x10;
        context.Store(MemoryBase + 0x18, 0xFFFF_FFFF, 4);
        Assert.Equal(DivideErrorKind.Overflow, Classify("f7 79 08", context));
    }

    [Fact]
    public void Classify_ZeroInMemoryWithNonZeroNeighbours_IsDivideByZero()
    {
        FakeContext context = FakeContext.Create();
        context.Registers[Rcx] = MemoryBase + 0x10;
        context.Store(MemoryBase + 0x10, ulong.MaxValue, 8);
        context.Store(MemoryBase + 0x1C, ulong.MaxValue, 8);
        Assert.Equal(DivideErrorKind.DivideByZero, Classify("f7 79 08", context));
    }

    [Fact]
    public void Classify_MemoryReadRefused_IsDivideByZero()
    {
        FakeContext context = FakeContext.Create();
        context.Registers[Rcx] = 0x10; // outside the fake memory: refused
        Assert.Equal(DivideErrorKind.DivideByZero, Classify("f7 79 08", context));
    }

    [Fact]
    public void Classify_UnsignedNonZeroDivisor_IsOverflow()
    {
        FakeContext context = FakeContext.Create();
        context.Registers[Rcx] = 1;
        Assert.Equal(DivideErrorKind.Overflow, Classify("48 f7 f1", context));
    }

    [Fact]
    public void Classify_Allocates_Nothing()
    {
        FakeContext context = FakeContext.Create();
        context.Registers[Rdi] = ulong.MaxValue;
        byte[] code = Bytes("48 f7 ff");
        long bytes = AllocationMeter.SteadyStateBytes(() => DivideErrorDecoder.Classify(code, Rip, ref context));
        Assert.Equal(0, bytes);
    }

    // SIB: base + index * scale + displacement, in every scale.
    [Theory]
    [InlineData("f7 7c 03 10", 0, 0x10)]          // idivl 0x10(%rbx,%rax,1)
    [InlineData("f7 7c 43 10", 1, 0x10)]          // idivl 0x10(%rbx,%rax,2)
    [InlineData("f7 7c 83 10", 2, 0x10)]          // idivl 0x10(%rbx,%rax,4)
    [InlineData("f7 bc c3 20 00 00 00", 3, 0x20)] // idivl 0x20(%rbx,%rax,8)
    [InlineData("f7 3c c3", 3, 0)]                // idivl (%rbx,%rax,8)
    public void TryDecode_SibBaseIndexScale_AddsScaledIndex(string hex, int scaleShift, int displacement)
    {
        FakeContext context = FakeContext.Create();
        context.Registers[Rbx] = MemoryBase;
        context.Registers[Rax] = 3;
        DivisorOperand operand = Decode(hex, context);
        Assert.Equal(MemoryBase + (3UL << scaleShift) + (ulong)displacement, operand.Address);
        Assert.Equal(Bytes(hex).Length, operand.InstructionLength);
    }

    [Fact]
    public void TryDecode_SibIndexFour_HasNoIndex()
    {
        FakeContext context = FakeContext.Create();
        context.Registers[Rsp] = MemoryBase;
        context.Registers[Rax] = 0x99; // would be added if index 4 were read as a register
        DivisorOperand operand = Decode("f7 7c 24 08", context); // idivl 0x8(%rsp)
        Assert.Equal(MemoryBase + 8, operand.Address);
    }

    [Fact]
    public void TryDecode_SibIndexR12ThroughRexX_IsAnIndex()
    {
        FakeContext context = FakeContext.Create();
        context.Registers[Rbx] = MemoryBase;
        context.Registers[R12] = 4;
        DivisorOperand operand = Decode("42 f7 3c a3", context); // idivl (%rbx,%r12,4)
        Assert.Equal(MemoryBase + 16, operand.Address);
    }

    [Fact]
    public void TryDecode_SibNoBaseWithModZero_UsesDisp32Only()
    {
        FakeContext context = FakeContext.Create();
        context.Registers[Rbp] = 0x5555; // would be added if base 5 were read as rbp
        context.Registers[Rcx] = 2;
        DivisorOperand operand = Decode("f7 3c 8d 00 00 00 70", context); // idivl 0x70000000(,%rcx,4)
        Assert.Equal(MemoryBase + 8, operand.Address);
        Assert.Equal(7, operand.InstructionLength);
    }

    [Fact]
    public void TryDecode_SibNoBaseWithR13AndModZero_UsesDisp32Only()
    {
        FakeContext context = FakeContext.Create();
        context.Registers[R13] = 0x5555;
        DivisorOperand operand = Decode("41 f7 3c 25 00 00 00 70", context); // idivl 0x70000000 (REX.B, SIB base 5, no index)
        Assert.Equal(MemoryBase, operand.Address);
    }

    [Fact]
    public void TryDecode_SibBaseRbpWithModOne_ReadsRbp()
    {
        FakeContext context = FakeContext.Create();
        context.Registers[Rbp] = MemoryBase;
        DivisorOperand operand = Decode("f7 7c 25 f8", context); // idivl -0x8(%rbp) through a SIB
        Assert.Equal(MemoryBase - 8, operand.Address);
    }

    [Fact]
    public void TryDecode_RipRelative_CountsFromEndOfInstruction()
    {
        DivisorOperand operand = Decode("f7 3d 10 00 00 00", FakeContext.Create()); // idivl 0x10(%rip)
        Assert.Equal(Rip + 6 + 0x10, operand.Address);
    }

    [Fact]
    public void TryDecode_RipRelativeWithPrefixes_CountsPrefixesInLength()
    {
        DivisorOperand operand = Decode("48 f7 3d f0 ff ff ff", FakeContext.Create()); // idivq -0x10(%rip)
        Assert.Equal(Rip + 7 - 0x10, operand.Address);
        Assert.Equal(8, operand.SizeBytes);
    }

    [Fact]
    public void TryDecode_RmFiveWithModZeroAndRexB_IsStillRipRelative()
    {
        FakeContext context = FakeContext.Create();
        context.Registers[R13] = 0x5555;
        DivisorOperand operand = Decode("41 f7 3d 00 01 00 00", context);
        Assert.Equal(Rip + 7 + 0x100, operand.Address);
    }

    [Fact]
    public void TryDecode_Disp32Negative_SignExtends()
    {
        FakeContext context = FakeContext.Create();
        context.Registers[Rax] = MemoryBase;
        DivisorOperand operand = Decode("f7 b8 00 ff ff ff", context); // idivl -0x100(%rax)
        Assert.Equal(MemoryBase - 0x100, operand.Address);
    }

    [Fact]
    public void TryDecode_AddressSizePrefix_TruncatesAddressTo32Bits()
    {
        FakeContext context = FakeContext.Create();
        context.Registers[Rcx] = 0xFFFF_FFFF_7000_0000;
        DivisorOperand operand = Decode("67 f7 79 08", context); // idivl 0x8(%ecx)
        Assert.Equal(0x7000_0008UL, operand.Address);
    }

    [Theory]
    [InlineData("f6 f8", Rax, false)] // idiv %al
    [InlineData("f6 f9", Rcx, false)] // idiv %cl
    [InlineData("f6 fc", Rax, true)]  // idiv %ah
    [InlineData("f6 fd", Rcx, true)]  // idiv %ch
    [InlineData("f6 fe", Rdx, true)]  // idiv %dh
    [InlineData("f6 ff", Rbx, true)]  // idiv %bh
    [InlineData("40 f6 ff", Rdi, false)] // idiv %dil: any REX selects the low byte
    [InlineData("40 f6 fc", Rsp, false)] // idiv %spl
    [InlineData("41 f6 ff", R15, false)] // idiv %r15b
    public void TryDecode_ByteRegister_SelectsLowOrHighByte(string hex, int register, bool highByte)
    {
        DivisorOperand operand = Decode(hex, FakeContext.Create());
        Assert.Equal(1, operand.SizeBytes);
        Assert.Equal(register, operand.Register);
        Assert.Equal(highByte, operand.IsHighByte);
    }

    [Fact]
    public void Classify_HighByteRegister_ReadsBitsEightToFifteen()
    {
        FakeContext context = FakeContext.Create();
        context.Registers[Rbx] = 0xFF00; // bh = 0xFF, bl = 0
        Assert.Equal(DivideErrorKind.Overflow, Classify("f6 ff", context));
        context.Registers[Rbx] = 0x00FF; // bh = 0, bl = 0xFF
        Assert.Equal(DivideErrorKind.DivideByZero, Classify("f6 ff", context));
    }

    [Fact]
    public void Classify_ByteDivisorZeroWithHigherBitsSet_IsDivideByZero()
    {
        FakeContext context = FakeContext.Create();
        context.Registers[Rdi] = 0xFF00;
        Assert.Equal(DivideErrorKind.DivideByZero, Classify("40 f6 ff", context));
    }

    [Fact]
    public void TryDecode_ByteMemory_IsOneByte()
    {
        FakeContext context = FakeContext.Create();
        context.Registers[Rsi] = MemoryBase;
        DivisorOperand operand = Decode("f6 7e 08", context); // idivb 0x8(%rsi)
        Assert.True(operand.IsMemory);
        Assert.Equal(1, operand.SizeBytes);
    }

    [Fact]
    public void Classify_OperandSizePrefix_Reads16BitDivisor()
    {
        FakeContext context = FakeContext.Create();
        context.Registers[Rcx] = 0xFFFF_0000; // cx = 0
        Assert.Equal(2, Decode("66 f7 f9", context).SizeBytes);
        Assert.Equal(DivideErrorKind.DivideByZero, Classify("66 f7 f9", context));
    }

    [Fact]
    public void TryDecode_RexWWithOperandSizePrefix_Is64Bit()
    {
        Assert.Equal(8, Decode("66 48 f7 f9", FakeContext.Create()).SizeBytes);
    }

    [Fact]
    public void TryDecode_RexBeforeLegacyPrefix_IsIgnored()
    {
        DivisorOperand operand = Decode("49 66 f7 f9", FakeContext.Create());
        Assert.Equal(2, operand.SizeBytes);
        Assert.Equal(Rcx, operand.Register);
    }

    [Fact]
    public void TryDecode_SegmentPrefixWithRegisterOperand_Decodes()
    {
        Assert.Equal(Rdi, Decode("2e f7 ff", FakeContext.Create()).Register);
        Assert.Equal(Rdi, Decode("64 f7 ff", FakeContext.Create()).Register);
    }

    [Theory]
    [InlineData("64 f7 3c 25 10 00 00 00")] // idivl %fs:0x10
    [InlineData("65 48 f7 79 08")]          // idivq %gs:0x8(%rcx)
    public void TryDecode_FsOrGsMemoryOperand_IsUndecodable(string hex)
    {
        FakeContext context = FakeContext.Create();
        Assert.False(DivideErrorDecoder.TryDecode(Bytes(hex), Rip, ref context, out _));
        Assert.Equal(DivideErrorKind.DivideByZero, DivideErrorDecoder.Classify(Bytes(hex), Rip, ref context));
        Assert.Equal(0, context.MemoryReads);
    }

    [Theory]
    [InlineData("")]
    [InlineData("f7")]                  // no ModRM
    [InlineData("48")]                  // REX only
    [InlineData("66 48")]
    [InlineData("f7 d8")]               // neg %eax (F7 /3)
    [InlineData("f7 e1")]               // mul %ecx (F7 /4)
    [InlineData("f7 e9")]               // imul %ecx (F7 /5)
    [InlineData("f7 c0 01 00 00 00")]   // test $1,%eax (F7 /0)
    [InlineData("0f 0b")]               // ud2
    [InlineData("c3")]                  // ret
    [InlineData("c4 e2 79 f7 c1")]      // a VEX instruction (shlx) whose opcode byte is F7
    [InlineData("ff ff ff ff")]
    [InlineData("00 00 00 00")]
    public void Classify_NotADivide_IsDivideByZero(string hex)
    {
        FakeContext context = FakeContext.Create();
        context.Registers[Rcx] = 1;
        context.Registers[Rax] = 1;
        Assert.False(DivideErrorDecoder.TryDecode(Bytes(hex), Rip, ref context, out _));
        Assert.Equal(DivideErrorKind.DivideByZero, DivideErrorDecoder.Classify(Bytes(hex), Rip, ref context));
    }

    [Theory]
    [InlineData("48 f7 bc 8b 78 56 34 12")] // idivq 0x12345678(%rbx,%rcx,4)
    [InlineData("f7 3d 10 00 00 00")]       // idivl 0x10(%rip)
    [InlineData("41 f7 7c 24 08")]          // idivl 0x8(%r12)
    [InlineData("f7 7d f8")]                // idivl -0x8(%rbp)
    public void TryDecode_EveryTruncation_IsUndecodable(string hex)
    {
        byte[] full = Bytes(hex);
        FakeContext context = FakeContext.Create();
        context.Registers[Rbx] = MemoryBase;
        Assert.True(DivideErrorDecoder.TryDecode(full, Rip, ref context, out _));
        for (int length = 0; length < full.Length; length++)
            Assert.False(DivideErrorDecoder.TryDecode(full.AsSpan(0, length), Rip, ref context, out _), $"{length} bytes");
    }

    [Fact]
    public void TryDecode_LongerThanFifteenBytes_IsUndecodable()
    {
        // Fourteen prefixes, then opcode and ModRM: 16 bytes, which the CPU refuses with #GP.
        byte[] code = Bytes("66 66 66 66 66 66 66 66 66 66 66 66 66 66 f7 f9");
        FakeContext context = FakeContext.Create();
        Assert.False(DivideErrorDecoder.TryDecode(code, Rip, ref context, out _));
        Assert.True(DivideErrorDecoder.TryDecode(code.AsSpan(1), Rip, ref context, out _));
    }

    [Fact]
    public void TryDecode_TrailingBytes_AreNotPartOfTheInstruction()
    {
        DivisorOperand operand = Decode("f7 ff 48 8b c3 c3 cc cc cc cc cc cc cc cc cc", FakeContext.Create());
        Assert.Equal(2, operand.InstructionLength);
    }

    [Fact]
    public void Classify_RandomBytes_NeverThrowAndStayInsideTheSpan()
    {
        const int Seed = 20261127;
        var random = new Random(Seed);
        var code = new byte[DivideErrorDecoder.MaxInstructionBytes];
        FakeContext context = FakeContext.Create();
        for (int i = 0; i < 16; i++)
            context.Registers[i] = MemoryBase + (ulong)(i * 8);
        int decoded = 0;
        for (int run = 0; run < 200_000; run++)
        {
            random.NextBytes(code);
            // Bias towards divides: most random bytes are not one.
            if (run % 2 == 0)
                code[random.Next(0, 4)] = (byte)(random.Next(2) == 0 ? 0xF6 : 0xF7);
            int length = random.Next(0, code.Length + 1);
            ReadOnlySpan<byte> span = code.AsSpan(0, length);
            if (DivideErrorDecoder.TryDecode(span, Rip, ref context, out DivisorOperand operand))
            {
                decoded++;
                Assert.InRange(operand.InstructionLength, 2, length);
                Assert.Contains(operand.SizeBytes, new[] { 1, 2, 4, 8 });
                Assert.InRange(operand.Register, 0, 15);
            }
            DivideErrorDecoder.Classify(span, Rip, ref context);
        }
        Assert.True(decoded > 1000, $"seed {Seed}: only {decoded} random encodings decoded");
    }
}
