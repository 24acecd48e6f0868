// DivideErrorDecoder on every DIV/IDIV ilc emitted into the exception fixture (real ilc 10.0.12
// output with CoreLib's code in it): for each site objdump lists, the decoder must read the same
// instruction length and the same operand objdump prints — the register, or the address of
// disp(%base,%index,scale) with every register holding a distinct value.
using System;
using System.Globalization;
using System.Linq;
using System.Numerics;
using System.Text.RegularExpressions;
using OSv.Runtime.Exceptions;
using Xunit;

namespace OSv.Runtime.Tests.Exceptions;

public partial class DivideErrorDecoderIlcTests
{
    private static readonly string[][] RegisterNames =
    {
        ["al", "cl", "dl", "bl", "spl", "bpl", "sil", "dil", "r8b", "r9b", "r10b", "r11b", "r12b", "r13b", "r14b", "r15b"],
        ["ax", "cx", "dx", "bx", "sp", "bp", "si", "di", "r8w", "r9w", "r10w", "r11w", "r12w", "r13w", "r14w", "r15w"],
        ["eax", "ecx", "edx", "ebx", "esp", "ebp", "esi", "edi", "r8d", "r9d", "r10d", "r11d", "r12d", "r13d", "r14d", "r15d"],
        ["rax", "rcx", "rdx", "rbx", "rsp", "rbp", "rsi", "rdi", "r8", "r9", "r10", "r11", "r12", "r13", "r14", "r15"],
    };
    private static readonly string[] HighByteNames = ["ah", "ch", "dh", "bh"];

    // Register n holds RegisterValue(n): distinct, so a wrong base or index changes the address.
    private static ulong RegisterValue(int number) => 0x1000_0000UL * (ulong)(number + 1);

    private struct DistinctRegisters : IDivideFaultContext
    {
        public readonly ulong ReadRegister(int number) => RegisterValue(number);

        public readonly bool TryReadMemory(ulong address, int sizeBytes, out ulong value)
        {
            value = 0;
            return false;
        }
    }

    //   4a1b3c:	41 f7 7c 24 08       	idivl  0x8(%r12)
    [GeneratedRegex(@"^\s*([0-9a-f]+):\t((?:[0-9a-f]{2} )+)\s*\t(i?div)[bwlq]?\s+(\S+)(?:\s+#\s*([0-9a-f]+))?")]
    private static partial Regex DivideLine();

    [GeneratedRegex(@"^(-?0x[0-9a-f]+)?\((?:%(\w+))?(?:,%(\w+),(\d))?\)$")]
    private static partial Regex MemoryOperand();

    [Fact]
    public void TryDecode_EveryIlcDivideInFixture_MatchesObjdump()
    {
        _ = EhFixtureBuild.Fixture; // builds the fixture if it is not cached yet
        string listing = EhFixtureBuild.Run("objdump", "-d", "--wide", EhFixtureBuild.SharedObjectPath);
        int sites = 0;
        foreach (string line in listing.Split('\n'))
        {
            Match match = DivideLine().Match(line);
            if (!match.Success)
                continue;
            sites++;
            ulong rip = ulong.Parse(match.Groups[1].Value, NumberStyles.HexNumber);
            byte[] code = match.Groups[2].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries)
                .Select(b => Convert.ToByte(b, 16)).ToArray();
            var context = new DistinctRegisters();
            Assert.True(DivideErrorDecoder.TryDecode(code, rip, ref context, out DivisorOperand operand), line);
            Assert.Equal(code.Length, operand.InstructionLength);
            Assert.Equal(match.Groups[3].Value == "idiv", operand.IsSigned);
            string text = match.Groups[4].Value;
            if (text.StartsWith('%'))
            {
                Assert.False(operand.IsMemory, line);
                string name = operand.IsHighByte
                    ? HighByteNames[operand.Register]
                    : RegisterNames[BitOperations.Log2((uint)operand.SizeBytes)][operand.Register];
                Assert.True(text == "%" + name, $"{line}: decoded %{name}");
            }
            else
            {
                Assert.True(operand.IsMemory, line);
                Assert.True(ExpectedAddress(text, match.Groups[5].Value, out ulong expected), line);
                Assert.True(expected == operand.Address, $"{line}: decoded 0x{operand.Address:x}, expected 0x{expected:x}");
            }
        }
        Assert.True(sites >= 20, $"only {sites} DIV/IDIV sites in the fixture");
    }

    private static bool ExpectedAddress(string text, string ripTarget, out ulong address)
    {
        address = 0;
        Match match = MemoryOperand().Match(text);
        if (!match.Success)
            return false;
        if (match.Groups[2].Value == "rip")
        {
            address = ulong.Parse(ripTarget, NumberStyles.HexNumber);
            return true;
        }
        string displacement = match.Groups[1].Value;
        if (displacement.Length > 0)
        {
            bool negative = displacement[0] == '-';
            ulong magnitude = ulong.Parse(displacement.TrimStart('-')[2..], NumberStyles.HexNumber);
            address = negative ? 0 - magnitude : magnitude;
        }
        if (match.Groups[2].Success)
            address += RegisterValue(Array.IndexOf(RegisterNames[3], match.Groups[2].Value));
        if (match.Groups[3].Success)
            address += RegisterValue(Array.IndexOf(RegisterNames[3], match.Groups[3].Value)) << BitOperations.Log2(uint.Parse(match.Groups[4].Value));
        return true;
    }
}
