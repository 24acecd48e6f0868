// A bounds-checked, read-only view of memory at its real addresses: the decoders of ilc's tables
// (.eh_frame_hdr, .eh_frame, .dotnet_eh_table) and the unwinder's stack reads all go through it.
//
// Why a view rather than raw pointers: the same decoding code runs in an image (the view spans the
// loaded image, or a thread's stack, at their virtual addresses) and in hosted tests (the view is a
// byte array holding an ELF file's segments placed at their link-time addresses). Every read names
// an absolute address, so pc-relative and data-relative encodings are computed exactly as the
// hardware would see them. A read outside the view returns false and never touches memory: a
// corrupt table makes the runtime fail fast with a reason, not fault inside the exception path.
using System;
using System.Buffers.Binary;

namespace OSv.Runtime.Exceptions;

internal readonly ref struct ModuleMemory
{
    private readonly ReadOnlySpan<byte> _bytes;

    public ModuleMemory(ReadOnlySpan<byte> bytes, ulong baseAddress)
    {
        _bytes = bytes;
        BaseAddress = baseAddress;
    }

    /// <summary>Address of the first byte of the view.</summary>
    public ulong BaseAddress { get; }

    /// <summary>Address one past the last byte of the view.</summary>
    public ulong EndAddress => BaseAddress + (ulong)_bytes.Length;

    public bool Contains(ulong address, int length)
    {
        if (address < BaseAddress || length < 0)
            return false;
        ulong offset = address - BaseAddress;
        return offset <= (ulong)_bytes.Length && (ulong)length <= (ulong)_bytes.Length - offset;
    }

    public bool TrySlice(ulong address, int length, out ReadOnlySpan<byte> bytes)
    {
        if (!Contains(address, length))
        {
            bytes = default;
            return false;
        }
        bytes = _bytes.Slice((int)(address - BaseAddress), length);
        return true;
    }

    public bool TryReadByte(ulong address, out byte value)
    {
        value = 0;
        if (!TrySlice(address, 1, out ReadOnlySpan<byte> b))
            return false;
        value = b[0];
        return true;
    }

    public bool TryReadUInt32(ulong address, out uint value)
    {
        value = 0;
        if (!TrySlice(address, 4, out ReadOnlySpan<byte> b))
            return false;
        value = BinaryPrimitives.ReadUInt32LittleEndian(b);
        return true;
    }

    public bool TryReadInt32(ulong address, out int value)
    {
        bool ok = TryReadUInt32(address, out uint raw);
        value = (int)raw;
        return ok;
    }

    public bool TryReadUInt64(ulong address, out ulong value)
    {
        value = 0;
        if (!TrySlice(address, 8, out ReadOnlySpan<byte> b))
            return false;
        value = BinaryPrimitives.ReadUInt64LittleEndian(b);
        return true;
    }

    /// <summary>The address a 32-bit self-relative pointer at <paramref name="address"/> names
    /// (ilc's "RelativePointer": target = address of the field + its signed value).</summary>
    public bool TryReadRelativePointer(ulong address, out ulong target)
    {
        target = 0;
        if (!TryReadInt32(address, out int delta))
            return false;
        target = address + (ulong)(long)delta;
        return true;
    }
}
