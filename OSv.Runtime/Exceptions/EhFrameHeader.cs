// Code address → its FDE, through the binary-search table the linker writes into .eh_frame_hdr
// (ld --eh-frame-hdr; LSB 5.0 §10.6.2 ".eh_frame_hdr").
//
// Layout: version (1), eh_frame_ptr_enc, fde_count_enc, table_enc, then eh_frame_ptr and
// fde_count in their encodings, then fde_count pairs (initial_location, fde_address) sorted by
// initial_location. We accept only the table encoding ld emits (DW_EH_PE_datarel | sdata4 = 0x3b:
// two signed 32-bit offsets from the start of .eh_frame_hdr per entry, 8 bytes a row), because
// that fixed row size is what makes the search a plain binary search. The table only says which
// FDE starts at or below pc; the caller confirms pc < pc_begin + pc_range from the FDE itself,
// since gaps (padding between methods) have no FDE.
//
// This is what NativeAOT's UnixNativeCodeManager gets from libunwind's FindProcInfo; in our image
// the header's address comes from the linker script (a symbol at the start of .eh_frame_hdr).
namespace OSv.Runtime.Exceptions;

internal readonly struct EhFrameHeader
{
    private const byte SupportedVersion = 1;
    private const byte SupportedTableEncoding = DwarfCursor.ApplicationDataRelative | DwarfCursor.EncodingSData4;
    private const int TableRowBytes = 8;

    private EhFrameHeader(ulong headerAddress, ulong tableAddress, uint fdeCount, ulong ehFrameAddress)
    {
        HeaderAddress = headerAddress;
        TableAddress = tableAddress;
        FdeCount = fdeCount;
        EhFrameAddress = ehFrameAddress;
    }

    public ulong HeaderAddress { get; }
    public ulong TableAddress { get; }
    public uint FdeCount { get; }
    /// <summary>Start of .eh_frame, as the header records it.</summary>
    public ulong EhFrameAddress { get; }

    public static bool TryParse(ModuleMemory memory, ulong headerAddress, out EhFrameHeader header)
    {
        header = default;
        var cursor = new DwarfCursor(memory, headerAddress);
        byte version = cursor.ReadByte();
        byte ehFramePointerEncoding = cursor.ReadByte();
        byte fdeCountEncoding = cursor.ReadByte();
        byte tableEncoding = cursor.ReadByte();
        ulong ehFrame = cursor.ReadEncodedPointer(ehFramePointerEncoding, headerAddress);
        ulong fdeCount = cursor.ReadEncodedPointer(fdeCountEncoding, headerAddress);
        if (cursor.Failed || version != SupportedVersion || tableEncoding != SupportedTableEncoding)
            return false;
        if (fdeCount > uint.MaxValue || !memory.Contains(cursor.Address, checked((int)fdeCount * TableRowBytes)))
            return false;
        header = new EhFrameHeader(headerAddress, cursor.Address, (uint)fdeCount, ehFrame);
        return true;
    }

    /// <summary>The FDE whose initial location is the greatest one ≤ <paramref name="pc"/>.
    /// False when pc lies below the first entry. O(log n), no allocation.</summary>
    public bool TryFindFdeCandidate(ModuleMemory memory, ulong pc, out ulong fdeAddress)
    {
        fdeAddress = 0;
        uint low = 0;
        uint high = FdeCount; // search [low, high): invariant: entries below low start ≤ pc
        while (low < high)
        {
            uint middle = low + (high - low) / 2;
            if (!TryReadRow(memory, middle, out ulong start, out _))
                return false;
            if (start <= pc)
                low = middle + 1;
            else
                high = middle;
        }
        if (low == 0)
            return false;
        return TryReadRow(memory, low - 1, out _, out fdeAddress);
    }

    private bool TryReadRow(ModuleMemory memory, uint index, out ulong initialLocation, out ulong fdeAddress)
    {
        ulong row = TableAddress + (ulong)index * TableRowBytes;
        bool ok = memory.TryReadInt32(row, out int location) & memory.TryReadInt32(row + 4, out int fde);
        initialLocation = HeaderAddress + (ulong)(long)location;
        fdeAddress = HeaderAddress + (ulong)(long)fde;
        return ok;
    }
}
