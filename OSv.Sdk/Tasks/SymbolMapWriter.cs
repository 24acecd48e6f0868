// Writes the .osv_symbols blob the kernel reads in a panic (format: OSv.Core/Diagnostics/SymbolMap.cs).
using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;

namespace OSv.Sdk
{
    public static partial class SymbolMapWriter
    {
        public const uint Magic = 0x4D59534F; // "OSYM"
        private const int HeaderBytes = 16;
        private const int EntryBytes = 16;

        // ilc names a type's MethodTable like a C++ vtable (_ZTV<length><name>); panics want the name.
        [GeneratedRegex(@"^_ZTV\d+")]
        private static partial Regex VTablePrefix();

        public static string ReadableName(string symbol) => VTablePrefix().Replace(symbol, "");

        public static byte[] Build(IEnumerable<ElfSymbol> symbols)
        {
            // One name per address: prefer functions, then symbols with a size, then the first seen.
            List<ElfSymbol> chosen = symbols
                .GroupBy(symbol => symbol.Address)
                .Select(group => group.OrderByDescending(s => s.IsFunction).ThenByDescending(s => s.SizeBytes != 0).First())
                .OrderBy(symbol => symbol.Address)
                .ToList();
            var names = new MemoryStream();
            var entries = new byte[chosen.Count * EntryBytes];
            for (int i = 0; i < chosen.Count; i++)
            {
                Span<byte> entry = entries.AsSpan(i * EntryBytes, EntryBytes);
                BinaryPrimitives.WriteUInt64LittleEndian(entry, chosen[i].Address);
                BinaryPrimitives.WriteUInt32LittleEndian(entry[8..], (uint)names.Length);
                BinaryPrimitives.WriteUInt32LittleEndian(entry[12..], (uint)Math.Min(chosen[i].SizeBytes, uint.MaxValue));
                names.Write(Encoding.UTF8.GetBytes(ReadableName(chosen[i].Name)));
                names.WriteByte(0);
            }
            var blob = new byte[HeaderBytes + entries.Length + names.Length];
            BinaryPrimitives.WriteUInt32LittleEndian(blob, Magic);
            BinaryPrimitives.WriteUInt32LittleEndian(blob.AsSpan(4), (uint)chosen.Count);
            BinaryPrimitives.WriteUInt32LittleEndian(blob.AsSpan(8), (uint)names.Length);
            entries.CopyTo(blob, HeaderBytes);
            names.ToArray().CopyTo(blob, HeaderBytes + entries.Length);
            return blob;
        }
    }
}
