// Writes the .osv_symbols blob the kernel reads in a panic. The format, and why only code
// symbols are kept, is described in OSv.Core/Diagnostics/SymbolMap.cs.
using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;

namespace OSv.Sdk
{
    public static partial class SymbolMapWriter
    {
        public const uint Magic = 0x3259534F; // "OSY2"
        public const int NameBytesMax = 512;
        private const int HeaderBytes = 24;
        private const int EntryBytes = 8;
        private const int BlockIndexEntryBytes = 4;
        private const int NamesPerBlock = 16;

        // What a panic can name: a rip or a return address (code). An exception's type is named by
        // CoreLib's own unhandled-exception report, so MethodTables (_ZTV… data) are left out.
        public static bool IsNameable(ElfSymbol symbol) => symbol.IsCode || symbol.IsFunction;

        public static byte[] Build(IEnumerable<ElfSymbol> symbols)
        {
            // One name per address: prefer functions, then symbols with a size, then the first seen.
            List<ElfSymbol> chosen = symbols
                .Where(IsNameable)
                .GroupBy(symbol => symbol.Address)
                .Select(group => group.OrderByDescending(s => s.IsFunction).ThenByDescending(s => s.SizeBytes != 0).First())
                .OrderBy(symbol => symbol.Address)
                .ToList();
            ulong baseAddress = chosen.Count == 0 ? 0 : chosen[0].Address;
            var entries = new byte[chosen.Count * EntryBytes];
            for (int i = 0; i < chosen.Count; i++)
            {
                ulong addressOffset = chosen[i].Address - baseAddress;
                if (addressOffset > uint.MaxValue)
                    throw new InvalidDataException($"symbol '{chosen[i].Name}' is more than 4 GB above the first symbol");
                BinaryPrimitives.WriteUInt32LittleEndian(entries.AsSpan(i * EntryBytes), (uint)addressOffset);
                BinaryPrimitives.WriteUInt32LittleEndian(entries.AsSpan(i * EntryBytes + 4), SizeOf(chosen, i));
            }
            int blockCount = (chosen.Count + NamesPerBlock - 1) / NamesPerBlock;
            var blockStarts = new byte[blockCount * BlockIndexEntryBytes];
            byte[] names = FrontCode(chosen.Select(symbol => NameBytes(symbol.Name)).ToList(), blockStarts);

            var blob = new byte[HeaderBytes + entries.Length + blockStarts.Length + names.Length];
            BinaryPrimitives.WriteUInt32LittleEndian(blob, Magic);
            BinaryPrimitives.WriteUInt32LittleEndian(blob.AsSpan(4), (uint)chosen.Count);
            BinaryPrimitives.WriteUInt32LittleEndian(blob.AsSpan(8), (uint)names.Length);
            BinaryPrimitives.WriteUInt64LittleEndian(blob.AsSpan(16), baseAddress);
            entries.CopyTo(blob, HeaderBytes);
            blockStarts.CopyTo(blob, HeaderBytes + entries.Length);
            names.CopyTo(blob, HeaderBytes + entries.Length + blockStarts.Length);
            return blob;
        }

        // A symbol's size; a label without one reaches the next kept symbol or its section's end,
        // whichever comes first, so an address past the last method is not blamed on it. 0 (size
        // unknown) only when neither bound is known.
        private static uint SizeOf(List<ElfSymbol> chosen, int index)
        {
            ElfSymbol symbol = chosen[index];
            if (symbol.SizeBytes != 0)
                return (uint)Math.Min(symbol.SizeBytes, uint.MaxValue);
            ulong end = index + 1 < chosen.Count ? chosen[index + 1].Address : ulong.MaxValue;
            if (symbol.SectionEnd > symbol.Address)
                end = Math.Min(end, symbol.SectionEnd);
            ulong size = end == ulong.MaxValue ? 0 : end - symbol.Address;
            return size > uint.MaxValue ? 0 : (uint)size;
        }

        // UTF-8, cut to NameBytesMax at a character boundary (the reader's buffer size).
        private static byte[] NameBytes(string symbol)
        {
            string name = symbol;
            byte[] bytes = Encoding.UTF8.GetBytes(name);
            int length = name.Length;
            while (bytes.Length > NameBytesMax)
                bytes = Encoding.UTF8.GetBytes(name.Substring(0, --length));
            return bytes;
        }

        // Front coding: each name as (bytes shared with the previous name, suffix), restarting
        // with a whole name at every block; records where each block starts.
        private static byte[] FrontCode(List<byte[]> names, byte[] blockStarts)
        {
            var output = new MemoryStream();
            byte[] previous = Array.Empty<byte>();
            for (int i = 0; i < names.Count; i++)
            {
                byte[] name = names[i];
                int shared = 0;
                if (i % NamesPerBlock == 0)
                    BinaryPrimitives.WriteUInt32LittleEndian(blockStarts.AsSpan(i / NamesPerBlock * BlockIndexEntryBytes), (uint)output.Length);
                else
                    shared = SharedPrefixBytes(previous, name);
                WriteLength(output, shared);
                WriteLength(output, name.Length - shared);
                output.Write(name, shared, name.Length - shared);
                previous = name;
            }
            return output.ToArray();
        }

        private static int SharedPrefixBytes(byte[] previous, byte[] name)
        {
            int shared = 0;
            while (shared < previous.Length && shared < name.Length && previous[shared] == name[shared])
                shared++;
            return shared;
        }

        // LEB128; lengths are below NameBytesMax, so at most two bytes.
        private static void WriteLength(Stream output, int value)
        {
            while (value >= 0x80)
            {
                output.WriteByte((byte)(value | 0x80));
                value >>= 7;
            }
            output.WriteByte((byte)value);
        }
    }
}
