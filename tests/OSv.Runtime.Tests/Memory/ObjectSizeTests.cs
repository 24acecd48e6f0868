using OSv.Runtime.Memory;
using Xunit;

namespace OSv.Runtime.Tests.Memory
{
    public class ObjectSizeTests
    {
        [Fact]
        public void PlainObject_BaseSizeRoundedToEight() => Assert.Equal((nuint)32, ObjectSize.Of(27, 0, 0));

        [Fact]
        public void IntArray_AddsFourBytesPerElement() => Assert.Equal((nuint)(24 + 40), ObjectSize.Of(24, 4, 10));

        [Fact]
        public void String_TwoBytesPerCharRounded() => Assert.Equal((nuint)32, ObjectSize.Of(22, 2, 3));

        [Fact]
        public void HugeLength_Overflow_ReturnsZero() => Assert.Equal((nuint)0, ObjectSize.Of(24, 0xFFFF, nuint.MaxValue / 2));
    }
}
