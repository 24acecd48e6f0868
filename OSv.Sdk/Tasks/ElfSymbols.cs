// Reads the symbol table of a linked ELF64 little-endian image: just enough ELF (the gABI's
// section header table and SHT_SYMTAB) to list code and data symbols with their addresses.
using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.IO;
using System.Text;

namespace OSv.Sdk
{
    // IsCode: the symbol's section holds instructions (SHF_EXECINSTR), so a rip can point into
    // it. SectionEnd: the address just past that section (0 when unknown), which bounds a label
    // that has no size.
    public readonly record struct ElfSymbol(string Name, ulong Address, ulong SizeBytes, bool IsFunction, bool IsCode = false, ulong SectionEnd = 0);

    public static class ElfSymbols
    {
        private const int ElfHeaderBytes = 64;
        private const int SectionHeaderBytes = 64;
        private const int SymbolBytes = 24;
        private const uint SectionTypeSymbolTable = 2;
        private const byte SymbolTypeObject = 1;
        private const byte SymbolTypeFunction = 2;
        private const ushort SectionIndexReservedStart = 0xFF00;
        private const ulong SectionFlagExecute = 0x4;

        public static IReadOnlyList<ElfSymbol> Read(string path) => Read(File.ReadAllBytes(path));

        public static IReadOnlyList<ElfSymbol> Read(ReadOnlySpan<byte> image)
        {
            if (image.Length < ElfHeaderBytes || image[0] != 0x7F || image[1] != (byte)'E' || image[2] != (byte)'L' || image[3] != (byte)'F')
                throw new InvalidDataException("not an ELF file");
            if (image[4] != 2 || image[5] != 1)
                throw new InvalidDataException("not a 64-bit little-endian ELF file");
            ulong sectionTableOffset = BinaryPrimitives.ReadUInt64LittleEndian(image[0x28..]);
            ushort sectionCount = BinaryPrimitives.ReadUInt16LittleEndian(image[0x3C..]);
            var symbols = new List<ElfSymbol>();
            for (int i = 0; i < sectionCount; i++)
            {
                ReadOnlySpan<byte> section = Slice(image, sectionTableOffset + (ulong)(i * SectionHeaderBytes), SectionHeaderBytes);
                if (BinaryPrimitives.ReadUInt32LittleEndian(section[4..]) != SectionTypeSymbolTable)
                    continue;
                uint stringTableIndex = BinaryPrimitives.ReadUInt32LittleEndian(section[0x28..]);
                ReadOnlySpan<byte> stringSection = Slice(image, sectionTableOffset + stringTableIndex * (ulong)SectionHeaderBytes, SectionHeaderBytes);
                ReadOnlySpan<byte> strings = Slice(image, BinaryPrimitives.ReadUInt64LittleEndian(stringSection[0x18..]), BinaryPrimitives.ReadUInt64LittleEndian(stringSection[0x20..]));
                ReadOnlySpan<byte> table = Slice(image, BinaryPrimitives.ReadUInt64LittleEndian(section[0x18..]), BinaryPrimitives.ReadUInt64LittleEndian(section[0x20..]));
                ReadSymbolTable(image, sectionTableOffset, sectionCount, table, strings, symbols);
            }
            return symbols;
        }

        private static void ReadSymbolTable(ReadOnlySpan<byte> image, ulong sectionTableOffset, ushort sectionCount,
            ReadOnlySpan<byte> table, ReadOnlySpan<byte> strings, List<ElfSymbol> symbols)
        {
            for (int offset = 0; offset + SymbolBytes <= table.Length; offset += SymbolBytes)
            {
                ReadOnlySpan<byte> symbol = table.Slice(offset, SymbolBytes);
                uint nameOffset = BinaryPrimitives.ReadUInt32LittleEndian(symbol);
                byte type = (byte)(symbol[4] & 0xF);
                ushort sectionIndex = BinaryPrimitives.ReadUInt16LittleEndian(symbol[6..]);
                ulong address = BinaryPrimitives.ReadUInt64LittleEndian(symbol[8..]);
                ulong size = BinaryPrimitives.ReadUInt64LittleEndian(symbol[16..]);
                if (sectionIndex == 0 || sectionIndex >= SectionIndexReservedStart || sectionIndex >= sectionCount || address == 0 || nameOffset >= strings.Length)
                    continue;
                if (type != SymbolTypeFunction && type != SymbolTypeObject && type != 0)
                    continue;
                ReadOnlySpan<byte> name = strings[(int)nameOffset..];
                int end = name.IndexOf((byte)0);
                if (end <= 0)
                    continue;
                ReadOnlySpan<byte> section = Slice(image, sectionTableOffset + sectionIndex * (ulong)SectionHeaderBytes, SectionHeaderBytes);
                bool isCode = (BinaryPrimitives.ReadUInt64LittleEndian(section[0x08..]) & SectionFlagExecute) != 0;
                ulong sectionEnd = BinaryPrimitives.ReadUInt64LittleEndian(section[0x10..]) + BinaryPrimitives.ReadUInt64LittleEndian(section[0x20..]);
                symbols.Add(new ElfSymbol(Encoding.UTF8.GetString(name[..end]), address, size, type == SymbolTypeFunction, isCode, sectionEnd));
            }
        }

        private static ReadOnlySpan<byte> Slice(ReadOnlySpan<byte> image, ulong offset, ulong length)
        {
            if (offset > (ulong)image.Length || length > (ulong)image.Length - offset)
                throw new InvalidDataException("ELF structure points outside the file");
            return image.Slice((int)offset, (int)length);
        }
    }
}
