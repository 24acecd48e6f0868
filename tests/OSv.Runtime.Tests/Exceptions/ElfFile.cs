// Test helper: an ELF64 little-endian shared object, loaded the way a loader would place it —
// every PT_LOAD segment copied to its virtual address in one byte array (zero-filled beyond its
// file size) — plus its section headers and .symtab by name. The decoders under test then read
// ilc's tables at their real link-time addresses through a ModuleMemory view of that array.
using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.IO;
using System.Text;

namespace OSv.Runtime.Tests.Exceptions;

internal sealed class ElfFile
{
    private const uint ProgramLoad = 1;
    private const uint SectionSymbolTable = 2;

    public required byte[] Image { get; init; }
    public required ulong ImageBase { get; init; }
    public required Dictionary<string, (ulong Address, ulong Size)> Sections { get; init; }
    public required Dictionary<string, (ulong Address, ulong Size)> Symbols { get; init; }

    public (ulong Address, ulong Size) Section(string name) =>
        Sections.TryGetValue(name, out var section) ? section : throw new KeyNotFoundException("no section " + name);

    public (ulong Address, ulong Size) Symbol(string name) =>
        Symbols.TryGetValue(name, out var symbol) ? symbol : throw new KeyNotFoundException("no symbol " + name);

    public static ElfFile Load(string path)
    {
        byte[] file = File.ReadAllBytes(path);
        if (file.Length < 64 || BinaryPrimitives.ReadUInt32LittleEndian(file) != 0x464c457f || file[4] != 2 || file[5] != 1)
            throw new InvalidDataException(path + " is not an ELF64 little-endian file");
        ulong programHeaders = U64(file, 0x20);
        ulong sectionHeaders = U64(file, 0x28);
        int programHeaderSize = U16(file, 0x36), programHeaderCount = U16(file, 0x38);
        int sectionHeaderSize = U16(file, 0x3a), sectionHeaderCount = U16(file, 0x3c), sectionNames = U16(file, 0x3e);

        ulong low = ulong.MaxValue, high = 0;
        var loads = new List<(ulong Offset, ulong Address, ulong FileSize, ulong MemorySize)>();
        for (int i = 0; i < programHeaderCount; i++)
        {
            int header = (int)programHeaders + i * programHeaderSize;
            if (U32(file, header) != ProgramLoad)
                continue;
            var load = (U64(file, header + 8), U64(file, header + 16), U64(file, header + 32), U64(file, header + 40));
            loads.Add(load);
            low = Math.Min(low, load.Item2);
            high = Math.Max(high, load.Item2 + load.Item4);
        }
        var image = new byte[high - low];
        foreach (var load in loads)
            Array.Copy(file, (long)load.Offset, image, (long)(load.Address - low), (long)load.FileSize);

        var sections = new Dictionary<string, (ulong, ulong)>();
        var symbols = new Dictionary<string, (ulong, ulong)>();
        int namesHeader = (int)sectionHeaders + sectionNames * sectionHeaderSize;
        ulong namesOffset = U64(file, namesHeader + 24);
        for (int i = 0; i < sectionHeaderCount; i++)
        {
            int header = (int)sectionHeaders + i * sectionHeaderSize;
            string name = CString(file, namesOffset + U32(file, header));
            sections[name] = (U64(file, header + 16), U64(file, header + 32));
            if (U32(file, header + 4) == SectionSymbolTable)
                ReadSymbols(file, sectionHeaders, sectionHeaderSize, header, symbols);
        }
        return new ElfFile { Image = image, ImageBase = low, Sections = sections, Symbols = symbols };
    }

    private static void ReadSymbols(byte[] file, ulong sectionHeaders, int sectionHeaderSize, int header,
        Dictionary<string, (ulong, ulong)> symbols)
    {
        ulong offset = U64(file, header + 24), size = U64(file, header + 32), entrySize = U64(file, header + 56);
        int stringsHeader = (int)sectionHeaders + (int)U32(file, header + 40) * sectionHeaderSize;
        ulong strings = U64(file, stringsHeader + 24);
        for (ulong entry = offset; entry < offset + size; entry += entrySize)
        {
            string name = CString(file, strings + U32(file, (int)entry));
            if (name.Length > 0)
                symbols[name] = (U64(file, (int)entry + 8), U64(file, (int)entry + 16));
        }
    }

    private static string CString(byte[] file, ulong offset)
    {
        int end = Array.IndexOf(file, (byte)0, (int)offset);
        return Encoding.ASCII.GetString(file, (int)offset, end - (int)offset);
    }

    private static ushort U16(byte[] b, int at) => BinaryPrimitives.ReadUInt16LittleEndian(b.AsSpan(at));
    private static uint U32(byte[] b, int at) => BinaryPrimitives.ReadUInt32LittleEndian(b.AsSpan(at));
    private static ulong U64(byte[] b, int at) => BinaryPrimitives.ReadUInt64LittleEndian(b.AsSpan(at));
    private static ulong U64(byte[] b, ulong at) => U64(b, (int)at);
}
