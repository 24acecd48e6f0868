// The primitive encodings under the table decoders: LEB128 (DWARF 5 §7.6, its worked examples),
// NativeAOT's VarInt at each of its lengths, DW_EH_PE pointers, and sticky failure at the end of
// the view.
using OSv.Runtime.Exceptions;
using Xunit;

namespace OSv.Runtime.Tests.Exceptions;

public class DwarfCursorTests
{
    private const ulong Base = 0x1000;

    [Theory]
    [InlineData(new byte[] { 0x02 }, 2UL)]
    [InlineData(new byte[] { 0x7f }, 127UL)]
    [InlineData(new byte[] { 0x80, 0x01 }, 128UL)]
    [InlineData(new byte[] { 0x81, 0x01 }, 129UL)]
    [InlineData(new byte[] { 0x82, 0x01 }, 130UL)]
    [InlineData(new byte[] { 0xb9, 0x64 }, 12857UL)]
    public void ReadUleb128_DwarfExamples(byte[] bytes, ulong expected)
    {
        var cursor = new DwarfCursor(new ModuleMemory(bytes, Base), Base);
        Assert.Equal(expected, cursor.ReadUleb128());
        Assert.False(cursor.Failed);
        Assert.Equal(Base + (ulong)bytes.Length, cursor.Address);
    }

    [Theory]
    [InlineData(new byte[] { 0x02 }, 2L)]
    [InlineData(new byte[] { 0x7e }, -2L)]
    [InlineData(new byte[] { 0xff, 0x00 }, 127L)]
    [InlineData(new byte[] { 0x81, 0x7f }, -127L)]
    [InlineData(new byte[] { 0x80, 0x01 }, 128L)]
    [InlineData(new byte[] { 0x80, 0x7f }, -128L)]
    [InlineData(new byte[] { 0x78 }, -8L)]
    public void ReadSleb128_DwarfExamples(byte[] bytes, long expected)
    {
        var cursor = new DwarfCursor(new ModuleMemory(bytes, Base), Base);
        Assert.Equal(expected, cursor.ReadSleb128());
        Assert.False(cursor.Failed);
    }

    [Theory]
    [InlineData(new byte[] { 0x0a }, 5U)]                                 // 1 byte: value << 1
    [InlineData(new byte[] { 0x01 | (5 << 2), 0x02 }, 5U | (2U << 6))]      // 2 bytes
    [InlineData(new byte[] { 0x03 | (1 << 3), 0x01, 0x01 }, 1U | (1U << 5) | (1U << 13))]
    [InlineData(new byte[] { 0x07 | (1 << 4), 0x01, 0x01, 0x01 }, 1U | (1U << 4) | (1U << 12) | (1U << 20))]
    [InlineData(new byte[] { 0x0f, 0x78, 0x56, 0x34, 0x12 }, 0x12345678U)] // 5 bytes: full uint
    public void ReadNativeUnsigned_EachLength(byte[] bytes, uint expected)
    {
        var cursor = new DwarfCursor(new ModuleMemory(bytes, Base), Base);
        Assert.Equal(expected, cursor.ReadNativeUnsigned());
        Assert.False(cursor.Failed);
        Assert.Equal(Base + (ulong)bytes.Length, cursor.Address);
    }

    [Fact]
    public void ReadEncodedPointer_PcRelativeSData4_IsRelativeToTheField()
    {
        byte[] bytes = { 0x00, 0x00, 0xf0, 0xff, 0xff, 0xff }; // at Base+2: -16
        var cursor = new DwarfCursor(new ModuleMemory(bytes, Base), Base + 2);
        Assert.Equal(Base + 2 - 16, cursor.ReadEncodedPointer(DwarfCursor.ApplicationPcRelative | DwarfCursor.EncodingSData4, 0));
        Assert.False(cursor.Failed);
    }

    [Fact]
    public void ReadEncodedPointer_DataRelative_UsesTheGivenBase()
    {
        byte[] bytes = { 0x10, 0x00, 0x00, 0x00 };
        var cursor = new DwarfCursor(new ModuleMemory(bytes, Base), Base);
        Assert.Equal(0x5010UL, cursor.ReadEncodedPointer(DwarfCursor.ApplicationDataRelative | DwarfCursor.EncodingSData4, 0x5000));
    }

    [Fact]
    public void ReadEncodedPointer_Indirect_Fails()
    {
        byte[] bytes = new byte[8];
        var cursor = new DwarfCursor(new ModuleMemory(bytes, Base), Base);
        cursor.ReadEncodedPointer(DwarfCursor.EncodingIndirect | DwarfCursor.EncodingUData8, 0);
        Assert.True(cursor.Failed);
    }

    [Fact]
    public void Read_PastTheView_FailsAndStaysFailed()
    {
        byte[] bytes = { 0x80 }; // a ULEB128 that never ends inside the view
        var cursor = new DwarfCursor(new ModuleMemory(bytes, Base), Base);
        Assert.Equal(0UL, cursor.ReadUleb128());
        Assert.True(cursor.Failed);
        Assert.Equal(0, cursor.ReadByte());
        Assert.True(cursor.Failed);
    }

    [Fact]
    public void ModuleMemory_AddressBelowOrAboveView_NotContained()
    {
        var memory = new ModuleMemory(new byte[16], Base);
        Assert.True(memory.Contains(Base, 16));
        Assert.False(memory.Contains(Base - 1, 1));
        Assert.False(memory.Contains(Base + 8, 9));
        Assert.False(memory.Contains(ulong.MaxValue - 2, 4)); // no wrap-around
    }
}
