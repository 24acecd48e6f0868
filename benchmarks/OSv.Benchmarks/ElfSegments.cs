// Splits an ELF64 image into what the loader actually places in memory, read from its program
// headers (ELF-64 Object File Format 1.5, "Program header"), so image size is reported without
// depending on readelf. Only PT_LOAD segments count; section headers are ignored.
using System;
using System.Buffers.Binary;
using System.IO;

namespace OSv.Benchmarks;

/// <summary>Loadable bytes by permission. Text = executable segments (ld merges .rodata, .eh_frame
/// and the EH tables into them); Data = writable file bytes; Bss = writable memsz beyond filesz;
/// ReadOnly = read-only, non-executable segments (here: the .osv_symbols map).</summary>
internal readonly record struct ElfSegments(long FileBytes, long TextBytes, long DataBytes, long BssBytes, long ReadOnlyBytes)
{
    private const int HeaderBytes = 64;
    private const int ProgramHeaderBytes = 56;
    private const int ProgramHeaderCountMax = 64;
    private const uint SegmentTypeLoad = 1;
    private const uint FlagExecute = 1;
    private const uint FlagWrite = 2;

    public static ElfSegments Read(string imagePath)
    {
        byte[] image = File.ReadAllBytes(imagePath);
        ReadOnlySpan<byte> header = CheckHeader(image);
        long tableOffset = (long)BinaryPrimitives.ReadUInt64LittleEndian(header[0x20..]);
        int entryBytes = BinaryPrimitives.ReadUInt16LittleEndian(header[0x36..]);
        int entryCount = BinaryPrimitives.ReadUInt16LittleEndian(header[0x38..]);
        Require(entryBytes == ProgramHeaderBytes, "unexpected program header size");
        Require(entryCount <= ProgramHeaderCountMax, "too many program headers");
        Require(tableOffset >= 0 && tableOffset + (long)entryCount * entryBytes <= image.Length, "program headers outside the file");

        ElfSegments sum = new ElfSegments(image.Length, 0, 0, 0, 0);
        for (int i = 0; i < entryCount; i++)
        {
            sum = sum.Add(image.AsSpan((int)tableOffset + i * entryBytes, entryBytes));
        }
        return sum;
    }

    private static ReadOnlySpan<byte> CheckHeader(byte[] image)
    {
        Require(image.Length >= HeaderBytes, "file shorter than an ELF header");
        Require(image[0] == 0x7f && image[1] == (byte)'E' && image[2] == (byte)'L' && image[3] == (byte)'F', "no ELF magic");
        Require(image[4] == 2, "not ELFCLASS64");
        Require(image[5] == 1, "not little-endian");
        return image.AsSpan(0, HeaderBytes);
    }

    private ElfSegments Add(ReadOnlySpan<byte> entry)
    {
        uint type = BinaryPrimitives.ReadUInt32LittleEndian(entry);
        uint flags = BinaryPrimitives.ReadUInt32LittleEndian(entry[4..]);
        long fileBytes = (long)BinaryPrimitives.ReadUInt64LittleEndian(entry[0x20..]);
        long memoryBytes = (long)BinaryPrimitives.ReadUInt64LittleEndian(entry[0x28..]);
        if (type != SegmentTypeLoad) return this;
        Require(memoryBytes >= fileBytes, "PT_LOAD with memsz < filesz");
        if ((flags & FlagExecute) != 0) return this with { TextBytes = TextBytes + fileBytes };
        if ((flags & FlagWrite) != 0) return this with { DataBytes = DataBytes + fileBytes, BssBytes = BssBytes + memoryBytes - fileBytes };
        return this with { ReadOnlyBytes = ReadOnlyBytes + fileBytes };
    }

    private static void Require(bool condition, string problem)
    {
        if (!condition) throw new InvalidDataException("Not a usable ELF64 image: " + problem + ".");
    }
}
