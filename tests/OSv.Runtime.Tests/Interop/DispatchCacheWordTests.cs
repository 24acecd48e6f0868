using OSv.Runtime.Interop;
using Xunit;

namespace OSv.Runtime.Tests.Interop
{
    public class DispatchCacheWordTests
    {
        // A cell of ilc 10.0.12's RealCoreLib image: word at 0x19e288 holds 0x9de3, and
        // IEnumerable<Int32>'s MethodTable is at 0x1a8068.
        [Fact]
        public void RelativeKind_PointsAtTheInterfaceItself()
        {
            Assert.Equal((nint)0x1a8068, DispatchCacheWord.Target(0x19e288, 0x9de3, out bool indirect));
            Assert.False(indirect);
        }

        [Fact]
        public void IndirectedRelativeKind_PointsAtTheCellHoldingIt()
        {
            Assert.Equal((nint)0x1a8068, DispatchCacheWord.Target(0x19e288, 0x9de2, out bool indirect));
            Assert.True(indirect);
        }

        [Fact]
        public void NegativeRelativeOffset_IsSignExtendedFromThirtyTwoBits()
        {
            nint cache = unchecked((nint)(uint)(-0x100 | 3)); // stored as 32 bits, upper half zero
            Assert.Equal((nint)(0x200000 - 0x100), DispatchCacheWord.Target(0x200000, cache, out _));
        }

        [Fact]
        public void PointerKind_StripsTheTag() =>
            Assert.Equal((nint)0x1a8068, DispatchCacheWord.Target(0x19e288, 0x1a8069, out _));

        [Fact]
        public void SmallUntaggedValue_IsAVTableOffset_TaggedOrLargeIsNot()
        {
            Assert.True(DispatchCacheWord.IsVTableOffset(0x48));
            Assert.False(DispatchCacheWord.IsVTableOffset(0x43));   // small relative pointer
            Assert.False(DispatchCacheWord.IsVTableOffset(0x1000)); // a cache pointer
            Assert.False(DispatchCacheWord.IsVTableOffset(-8));     // not small when unsigned
        }
    }
}
