// A forward reader over ModuleMemory for DWARF-style encodings (DWARF 5 §7.6 LEB128, LSB
// "Exception Frames" §10.6 pointer encodings) and for NativeAOT's VarInt.
//
// Failure is sticky: a read past the view (or an unsupported encoding) sets Failed and returns 0,
// and every later read returns 0 too. Callers decode a whole record and check Failed once at the
// end, which keeps the decoders straight-line without a bool per field. Nothing allocates.
namespace OSv.Runtime.Exceptions;

internal ref struct DwarfCursor
{
    // DW_EH_PE_* (LSB 10.6.1): low nibble = value format, high nibble = application.
    public const byte EncodingOmit = 0xff;
    public const byte EncodingAbsolutePointer = 0x00;
    public const byte EncodingUleb128 = 0x01;
    public const byte EncodingUData2 = 0x02;
    public const byte EncodingUData4 = 0x03;
    public const byte EncodingUData8 = 0x04;
    public const byte EncodingSleb128 = 0x09;
    public const byte EncodingSData2 = 0x0a;
    public const byte EncodingSData4 = 0x0b;
    public const byte EncodingSData8 = 0x0c;
    public const byte ApplicationPcRelative = 0x10;
    public const byte ApplicationDataRelative = 0x30;
    public const byte EncodingIndirect = 0x80;

    private const int Leb128BytesMax = 10; // 64 bits / 7 bits per byte, rounded up

    private readonly ModuleMemory _memory;

    public DwarfCursor(ModuleMemory memory, ulong address)
    {
        _memory = memory;
        Address = address;
        Failed = false;
    }

    public ulong Address { get; private set; }
    public bool Failed { get; private set; }

    public void Fail() => Failed = true;

    public void Skip(ulong byteCount)
    {
        if (!_memory.Contains(Address, 0) || byteCount > _memory.EndAddress - Address)
            Failed = true;
        else
            Address += byteCount;
    }

    public byte ReadByte()
    {
        if (Failed || !_memory.TryReadByte(Address, out byte value))
            return FailWith<byte>();
        Address += 1;
        return value;
    }

    public ushort ReadUInt16()
    {
        uint low = ReadByte();
        return (ushort)(low | (uint)ReadByte() << 8);
    }

    public uint ReadUInt32()
    {
        if (Failed || !_memory.TryReadUInt32(Address, out uint value))
            return FailWith<uint>();
        Address += 4;
        return value;
    }

    public int ReadInt32() => (int)ReadUInt32();

    public ulong ReadUInt64()
    {
        if (Failed || !_memory.TryReadUInt64(Address, out ulong value))
            return FailWith<ulong>();
        Address += 8;
        return value;
    }

    public ulong ReadUleb128()
    {
        ulong result = 0;
        for (int i = 0; i < Leb128BytesMax; i++)
        {
            byte b = ReadByte();
            result |= (ulong)(b & 0x7f) << (7 * i);
            if ((b & 0x80) == 0)
                return result;
        }
        return FailWith<ulong>();
    }

    public long ReadSleb128()
    {
        long result = 0;
        for (int i = 0; i < Leb128BytesMax; i++)
        {
            byte b = ReadByte();
            result |= (long)(b & 0x7f) << (7 * i);
            if ((b & 0x80) == 0)
            {
                int shift = 7 * (i + 1);
                if (shift < 64 && (b & 0x40) != 0)
                    result |= -1L << shift; // sign-extend from the last byte's bit 6
                return result;
            }
        }
        return FailWith<long>();
    }

    /// <summary>A pointer in DW_EH_PE <paramref name="encoding"/>; pc-relative values are
    /// relative to the address of the field itself, data-relative ones to
    /// <paramref name="dataRelativeBase"/> (the start of .eh_frame_hdr for its table).
    /// Indirect pointers are not used by ilc and fail.</summary>
    public ulong ReadEncodedPointer(byte encoding, ulong dataRelativeBase)
    {
        if (encoding == EncodingOmit || (encoding & EncodingIndirect) != 0)
            return FailWith<ulong>();
        ulong fieldAddress = Address;
        ulong value = (encoding & 0x0f) switch
        {
            EncodingAbsolutePointer or EncodingUData8 or EncodingSData8 => ReadUInt64(),
            EncodingUleb128 => ReadUleb128(),
            EncodingUData2 => ReadUInt16(),
            EncodingUData4 => ReadUInt32(),
            EncodingSleb128 => (ulong)ReadSleb128(),
            EncodingSData2 => (ulong)(long)(short)ReadUInt16(),
            EncodingSData4 => (ulong)(long)ReadInt32(),
            _ => FailWith<ulong>(),
        };
        return (encoding & 0x70) switch
        {
            0x00 => value,
            ApplicationPcRelative => fieldAddress + value,
            ApplicationDataRelative => dataRelativeBase + value,
            _ => FailWith<ulong>(),
        };
    }

    /// <summary>NativeAOT's VarInt (the runtime's varint.h; ilc's NativePrimitiveEncoder
    /// WriteUnsigned): the count of trailing 1 bits in the first byte says how many bytes
    /// follow (0–3, or 4 with a full 32-bit value after a 0x0f-tagged byte).</summary>
    public uint ReadNativeUnsigned()
    {
        uint first = ReadByte();
        if ((first & 0x01) == 0)
            return first >> 1;
        if ((first & 0x02) == 0)
            return (first >> 2) | (uint)ReadByte() << 6;
        if ((first & 0x04) == 0)
        {
            uint b1 = ReadByte();
            return (first >> 3) | b1 << 5 | (uint)ReadByte() << 13;
        }
        if ((first & 0x08) == 0)
        {
            uint b1 = ReadByte();
            uint b2 = ReadByte();
            return (first >> 4) | b1 << 4 | b2 << 12 | (uint)ReadByte() << 20;
        }
        if ((first & 0x10) == 0)
            return ReadUInt32();
        return FailWith<uint>();
    }

    private T FailWith<T>() where T : struct
    {
        Failed = true;
        return default;
    }
}
