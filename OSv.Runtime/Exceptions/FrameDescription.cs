// One FDE of .eh_frame with what it inherits from its CIE (LSB 5.0 §10.6.1; DWARF 5 §6.4.1):
// the code range it covers, the LSDA pointer from its augmentation data, the alignment factors
// and the two instruction streams (the CIE's initial instructions, then the FDE's own).
//
// ilc's CIEs on linux-x64 are "zLR" with pc-relative sdata4 pointers (checked with readelf on
// ilc 10.0.12 output); we parse the general "z" augmentation grammar (L, R, P, S) so a different
// linker's or compiler's CIE in the same image does not stop the lookup, and reject what we do
// not understand rather than guess. The LSDA of an ilc method is not a C++ LSDA: it is the
// "unwind block" in .dotnet_eh_table (see UnwindBlock).
namespace OSv.Runtime.Exceptions;

internal readonly struct FrameDescription
{
    public ulong PcBegin { get; init; }
    public ulong PcEnd { get; init; }
    /// <summary>0 when the FDE has no LSDA.</summary>
    public ulong LsdaAddress { get; init; }
    public ulong CodeAlignment { get; init; }
    public long DataAlignment { get; init; }
    public ulong ReturnAddressColumn { get; init; }
    public ulong CieInstructionsStart { get; init; }
    public ulong CieInstructionsEnd { get; init; }
    public ulong FdeInstructionsStart { get; init; }
    public ulong FdeInstructionsEnd { get; init; }

    public bool Covers(ulong pc) => pc >= PcBegin && pc < PcEnd;

    public static bool TryParse(ModuleMemory memory, ulong fdeAddress, out FrameDescription frame)
    {
        frame = default;
        var cursor = new DwarfCursor(memory, fdeAddress);
        uint length = cursor.ReadUInt32();
        if (length == 0 || length == uint.MaxValue) // terminator, or 64-bit DWARF (never emitted here)
            return false;
        ulong end = cursor.Address + length;
        ulong ciePointerAddress = cursor.Address;
        uint ciePointer = cursor.ReadUInt32();
        if (cursor.Failed || ciePointer == 0) // id 0 would make this a CIE, not an FDE
            return false;
        if (!CommonInformation.TryParse(memory, ciePointerAddress - ciePointer, out CommonInformation cie))
            return false;

        ulong pcBegin = cursor.ReadEncodedPointer(cie.PointerEncoding, 0);
        ulong pcRange = cursor.ReadEncodedPointer((byte)(cie.PointerEncoding & 0x0f), 0);
        ulong lsda = 0;
        if (cie.HasAugmentationData)
        {
            ulong augmentationLength = cursor.ReadUleb128();
            ulong augmentationEnd = cursor.Address + augmentationLength;
            if (cie.LsdaEncoding != DwarfCursor.EncodingOmit)
                lsda = cursor.ReadEncodedPointer(cie.LsdaEncoding, 0);
            if (cursor.Address > augmentationEnd)
                return false;
            cursor.Skip(augmentationEnd - cursor.Address);
        }
        if (cursor.Failed || cursor.Address > end)
            return false;

        frame = new FrameDescription
        {
            PcBegin = pcBegin,
            PcEnd = pcBegin + pcRange,
            LsdaAddress = lsda,
            CodeAlignment = cie.CodeAlignment,
            DataAlignment = cie.DataAlignment,
            ReturnAddressColumn = cie.ReturnAddressColumn,
            CieInstructionsStart = cie.InstructionsStart,
            CieInstructionsEnd = cie.InstructionsEnd,
            FdeInstructionsStart = cursor.Address,
            FdeInstructionsEnd = end,
        };
        return true;
    }

    private readonly struct CommonInformation
    {
        private const int AugmentationCharsMax = 8;

        public ulong CodeAlignment { get; init; }
        public long DataAlignment { get; init; }
        public ulong ReturnAddressColumn { get; init; }
        public byte PointerEncoding { get; init; }
        public byte LsdaEncoding { get; init; }
        public bool HasAugmentationData { get; init; }
        public ulong InstructionsStart { get; init; }
        public ulong InstructionsEnd { get; init; }

        public static bool TryParse(ModuleMemory memory, ulong cieAddress, out CommonInformation cie)
        {
            cie = default;
            var cursor = new DwarfCursor(memory, cieAddress);
            uint length = cursor.ReadUInt32();
            ulong end = cursor.Address + length;
            uint id = cursor.ReadUInt32();
            byte version = cursor.ReadByte();
            if (cursor.Failed || length == 0 || length == uint.MaxValue || id != 0 || (version != 1 && version != 3))
                return false;

            ulong augmentation = cursor.Address;
            int augmentationLength = 0;
            while (cursor.ReadByte() != 0 && !cursor.Failed)
            {
                if (++augmentationLength > AugmentationCharsMax)
                    return false;
            }

            ulong codeAlignment = cursor.ReadUleb128();
            long dataAlignment = cursor.ReadSleb128();
            ulong returnColumn = version == 1 ? cursor.ReadByte() : cursor.ReadUleb128();
            byte pointerEncoding = DwarfCursor.EncodingAbsolutePointer;
            byte lsdaEncoding = DwarfCursor.EncodingOmit;
            bool hasData = augmentationLength > 0 && memory.TryReadByte(augmentation, out byte z) && z == (byte)'z';
            if (augmentationLength > 0 && !hasData)
                return false; // an augmentation we cannot skip over
            if (hasData)
            {
                ulong dataLength = cursor.ReadUleb128();
                ulong dataEnd = cursor.Address + dataLength;
                for (int i = 1; i < augmentationLength; i++)
                {
                    memory.TryReadByte(augmentation + (ulong)i, out byte letter);
                    switch ((char)letter)
                    {
                        case 'L': lsdaEncoding = cursor.ReadByte(); break;
                        case 'R': pointerEncoding = cursor.ReadByte(); break;
                        case 'P': cursor.ReadEncodedPointer((byte)(cursor.ReadByte() & 0x7f), 0); break; // skipped, never followed
                        case 'S': break; // signal frame: no data
                        default: return false;
                    }
                }
                if (cursor.Address > dataEnd)
                    return false;
                cursor.Skip(dataEnd - cursor.Address);
            }
            if (cursor.Failed || cursor.Address > end)
                return false;

            cie = new CommonInformation
            {
                CodeAlignment = codeAlignment,
                DataAlignment = dataAlignment,
                ReturnAddressColumn = returnColumn,
                PointerEncoding = pointerEncoding,
                LsdaEncoding = lsdaEncoding,
                HasAugmentationData = hasData,
                InstructionsStart = cursor.Address,
                InstructionsEnd = end,
            };
            return true;
        }
    }
}
