using Memcached.Protocol;
using Xunit;

namespace Memcached.Tests.Protocol
{
    // The verdicts of BinaryRequestCheck, one per rule of memcached's dispatch_bin_command.
    public class BinaryRequestCheckTests
    {
        private static BinaryVerdict Check(BinaryOpcode opcode, int key, int extras, uint body, byte magic = 0x80) =>
            BinaryRequestCheck.Check(new BinaryHeader(magic, opcode, (ushort)key, (byte)extras, 0, 0, body, 0, 0));

        [Fact]
        public void ResponseMagic_IsBadMagic() => Assert.Equal(BinaryVerdict.BadMagic, Check(BinaryOpcode.NoOp, 0, 0, 0, magic: 0x81));

        [Fact]
        public void KeyLongerThanBody_IsInconsistent() => Assert.Equal(BinaryVerdict.Inconsistent, Check(BinaryOpcode.Get, 3, 0, 2));

        [Fact]
        public void KeyPlusExtrasLongerThanBody_IsInconsistent() => Assert.Equal(BinaryVerdict.Inconsistent, Check(BinaryOpcode.Set, 1, 8, 5));

        [Fact]
        public void InconsistentBeatsUnknownOpcode() => Assert.Equal(BinaryVerdict.Inconsistent, Check((BinaryOpcode)0x50, 3, 0, 0));

        [Fact]
        public void Key251_IsInvalid() => Assert.Equal(BinaryVerdict.Invalid, Check(BinaryOpcode.Get, 251, 0, 251));

        [Fact]
        public void Key250_Executes() => Assert.Equal(BinaryVerdict.Execute, Check(BinaryOpcode.Get, 250, 0, 250));

        [Fact]
        public void KeyOver250_InvalidEvenForUnknownOpcode() => Assert.Equal(BinaryVerdict.Invalid, Check((BinaryOpcode)0x50, 251, 0, 251));

        [Fact]
        public void UnknownOpcode_IsUnknownCommand() => Assert.Equal(BinaryVerdict.UnknownCommand, Check((BinaryOpcode)0x50, 0, 0, 7));

        [Fact]
        public void Verbosity_IsUnknownCommand() => Assert.Equal(BinaryVerdict.UnknownCommand, Check((BinaryOpcode)0x1b, 0, 4, 4));

        [Theory]
        [InlineData(BinaryOpcode.NoOp, 0, 0, 0u, BinaryVerdict.Execute)]
        [InlineData(BinaryOpcode.NoOp, 0, 0, 1u, BinaryVerdict.Invalid)]
        [InlineData(BinaryOpcode.Version, 1, 0, 1u, BinaryVerdict.Invalid)]
        [InlineData(BinaryOpcode.QuitQ, 0, 0, 0u, BinaryVerdict.Execute)]
        [InlineData(BinaryOpcode.Flush, 0, 0, 0u, BinaryVerdict.Execute)]
        [InlineData(BinaryOpcode.Flush, 0, 4, 4u, BinaryVerdict.Execute)]
        [InlineData(BinaryOpcode.FlushQ, 0, 2, 2u, BinaryVerdict.Invalid)]
        [InlineData(BinaryOpcode.Flush, 0, 4, 5u, BinaryVerdict.Invalid)]
        [InlineData(BinaryOpcode.Set, 1, 8, 9u, BinaryVerdict.Execute)]
        [InlineData(BinaryOpcode.SetQ, 1, 8, 100u, BinaryVerdict.Execute)]
        [InlineData(BinaryOpcode.Add, 0, 8, 9u, BinaryVerdict.Invalid)]
        [InlineData(BinaryOpcode.Replace, 1, 4, 9u, BinaryVerdict.Invalid)]
        [InlineData(BinaryOpcode.Get, 1, 0, 1u, BinaryVerdict.Execute)]
        [InlineData(BinaryOpcode.GetKQ, 1, 0, 2u, BinaryVerdict.Invalid)]
        [InlineData(BinaryOpcode.Get, 0, 0, 0u, BinaryVerdict.Invalid)]
        [InlineData(BinaryOpcode.GetK, 1, 2, 3u, BinaryVerdict.Invalid)]
        [InlineData(BinaryOpcode.Delete, 1, 0, 1u, BinaryVerdict.Execute)]
        [InlineData(BinaryOpcode.DeleteQ, 1, 0, 2u, BinaryVerdict.Invalid)]
        [InlineData(BinaryOpcode.Increment, 1, 20, 21u, BinaryVerdict.Execute)]
        [InlineData(BinaryOpcode.DecrementQ, 1, 16, 17u, BinaryVerdict.Invalid)]
        [InlineData(BinaryOpcode.Increment, 1, 20, 22u, BinaryVerdict.Invalid)]
        [InlineData(BinaryOpcode.Append, 1, 0, 1u, BinaryVerdict.Execute)]
        [InlineData(BinaryOpcode.PrependQ, 1, 0, 9u, BinaryVerdict.Execute)]
        [InlineData(BinaryOpcode.Append, 1, 8, 10u, BinaryVerdict.Invalid)]
        [InlineData(BinaryOpcode.Stat, 0, 0, 0u, BinaryVerdict.Execute)]
        [InlineData(BinaryOpcode.Stat, 8, 0, 8u, BinaryVerdict.Execute)]
        [InlineData(BinaryOpcode.Stat, 0, 4, 4u, BinaryVerdict.Invalid)]
        [InlineData(BinaryOpcode.Touch, 1, 4, 5u, BinaryVerdict.Execute)]
        [InlineData(BinaryOpcode.GatKQ, 1, 4, 5u, BinaryVerdict.Execute)]
        [InlineData(BinaryOpcode.Gat, 1, 0, 1u, BinaryVerdict.Invalid)]
        [InlineData(BinaryOpcode.GatQ, 0, 4, 4u, BinaryVerdict.Invalid)]
        public void Shape_AsDispatchBinCommand(BinaryOpcode opcode, int key, int extras, uint body, BinaryVerdict verdict) =>
            Assert.Equal(verdict, Check(opcode, key, extras, body));
    }
}
