// Mutation fuzzing of the loader: >= 100,000 mutated copies of the valid fixtures go through
// parse AND map + relocate (+ dlclose) against a fake host. The loader must never crash, and each
// result must be success or a non-empty error. Object code never runs: the linker is created
// with executeObjectCode false (no ifunc resolvers, no initializers), and a fake host gives
// every name a zeroed 4 KiB buffer. A mutant loads as the object opened or (some libbase
// mutants) as the DT_NEEDED dependency of an intact libtop. Mutations: bit flips, byte sets, truncations, and changes
// aimed at header, program header, dynamic, relocation, symbol and hash-table fields.
// The seed is printed first; OSV_LOADER_FUZZ_SEED replays one run.
using System;
using System.Collections.Generic;
using System.Runtime.InteropServices;
using System.Text;
using OSv.Loader.Elf;
using OSv.Loader.Linking;
using Xunit;
using Xunit.Abstractions;
using static OSv.Loader.Tests.ElfBytes;

namespace OSv.Loader.Tests
{
    public sealed unsafe class FuzzTests
    {
        private const int Iterations = 100_000;
        private const int MutationsPerCopyMax = 4;
        private static readonly string[] s_fixtureNames = { "libbase.so", "libtop.so", "exe", "libsysv.so", "libie.so" };
        private readonly ITestOutputHelper _output;

        public FuzzTests(ITestOutputHelper output) => _output = output;

        [Fact]
        public void Mutations_ParseMapRelocate_NeverCrashAndAlwaysSucceedOrExplain()
        {
            int seed = Environment.GetEnvironmentVariable("OSV_LOADER_FUZZ_SEED") is string text ? int.Parse(text) : Environment.TickCount;
            _output.WriteLine($"seed {seed}");
            var random = new Random(seed);
            var originals = new List<byte[]>();
            var layouts = new List<Layout>();
            foreach (string name in s_fixtureNames)
            {
                byte[] bytes = Fixtures.Bytes(name);
                originals.Add(bytes);
                layouts.Add(Layout.Of(bytes));
            }
            var files = new FuzzFiles(originals, s_fixtureNames);
            var host = new FuzzHost();
            DynamicLinker linker = new DynamicLinker(host, files, executeObjectCode: false);
            int loaded = 0, refused = 0, parsedOnly = 0;
            for (int iteration = 0; iteration < Iterations; iteration++)
            {
                int pick = random.Next(originals.Count);
                int length = files.SetMutant(originals[pick]);
                int mutations = 1 + random.Next(MutationsPerCopyMax);
                for (int m = 0; m < mutations; m++)
                    length = Mutate(random, files.Mutant, length, layouts[pick]);
                files.MutantLength = length;

                string? parseError = ElfParser.Validate(new ReadOnlySpan<byte>(files.MutantData, length));
                Assert.True(parseError == null || parseError.Length > 0);
                if (parseError != null)
                {
                    parsedOnly++;
                    continue;
                }
                if (linker.Tls.ModuleCount > LoaderLimits.TlsModulesMax - 8)
                    linker = new DynamicLinker(host, files, executeObjectCode: false);
                // A third of the libbase mutants load as the dependency of an intact libtop.
                bool asDependency = pick == 0 && random.Next(3) == 0;
                files.MutantName = asDependency ? "libbase.so"u8.ToArray() : "fuzz"u8.ToArray();
                int handle = linker.Open(asDependency ? "libtop.so"u8 : "fuzz"u8);
                if (handle == 0)
                {
                    string? error = linker.TakeLastError();
                    Assert.False(string.IsNullOrEmpty(error), $"iteration {iteration}: refused without a message");
                    Assert.Equal(0, linker.ObjectCount);
                    refused++;
                    continue;
                }
                loaded++;
                Assert.Equal(0, linker.Close(handle));
                Assert.Equal(0, linker.ObjectCount);
            }
            _output.WriteLine($"parse refused {parsedOnly}, load refused {refused}, loaded {loaded}");
            Assert.True(loaded > 0 && refused > 0 && parsedOnly > 0);
        }

        private static int Mutate(Random random, byte[] bytes, int length, Layout layout)
        {
            if (length == 0)
                return 0;
            switch (random.Next(9))
            {
                case 0:
                    bytes[random.Next(length)] ^= (byte)(1 << random.Next(8));
                    return length;
                case 1:
                    bytes[random.Next(length)] = (byte)(random.Next(4) switch { 0 => 0, 1 => 0xff, 2 => 0x80, _ => random.Next(256) });
                    return length;
                case 2:
                    return random.Next(length);
                case 3:
                    PatchField(random, bytes, length, random.Next(64) & ~1, random.Next(2) == 0 ? 2 : 8);
                    return length;
                case 4:
                    PatchField(random, bytes, length, layout.ProgramHeaders + random.Next(layout.ProgramHeaderCount) * 56 + random.Next(7) * 8, 8);
                    return length;
                case 5:
                    PatchField(random, bytes, length, layout.Dynamic + random.Next(layout.DynamicCount) * 16 + random.Next(2) * 8, 8);
                    return length;
                case 6:
                    PatchTable(random, bytes, length, layout.Relocations, layout.RelocationCount, 24);
                    return length;
                case 7:
                    PatchTable(random, bytes, length, layout.Symbols, layout.SymbolCount, 24);
                    return length;
                default:
                    PatchField(random, bytes, length, layout.Hash + random.Next(16) * 4, 4);
                    return length;
            }
        }

        private static void PatchTable(Random random, byte[] bytes, int length, int table, int count, int entryBytes)
        {
            if (count == 0)
                return;
            int entry = table + random.Next(count) * entryBytes;
            int field = random.Next(6);
            if (field == 5 && entryBytes == 24)
            {
                // r_info of a relocation: a known type with a plausible or wild symbol index.
                uint[] types = { 0, 1, 2, 5, 6, 7, 8, 10, 16, 17, 18, 37, 99 };
                ulong symbol = random.Next(2) == 0 ? (ulong)random.Next(32) : (ulong)random.Next();
                if (entry + 16 <= length)
                    WriteU64(bytes, entry + 8, (symbol << 32) | types[random.Next(types.Length)]);
                return;
            }
            PatchField(random, bytes, length, entry + field * 4, random.Next(2) == 0 ? 4 : 8);
        }

        private static void PatchField(Random random, byte[] bytes, int length, int at, int width)
        {
            if (at < 0 || at + width > length)
                return;
            ulong current = width == 8 ? ReadU64(bytes, at) : width == 4 ? ReadU32(bytes, at) : (ulong)(bytes[at] | bytes[at + 1] << 8);
            ulong value = random.Next(12) switch
            {
                0 => 0,
                1 => 1,
                2 => 0x1000,
                3 => 0xfff,
                4 => (ulong)length,
                5 => (ulong)length + 1,
                6 => 1UL << 47,
                7 => ulong.MaxValue,
                8 => ulong.MaxValue - 0xfff,
                9 => current + (ulong)random.Next(-64, 64),
                10 => (ulong)random.Next(0x5000),
                _ => (ulong)random.NextInt64(),
            };
            if (width == 8)
                WriteU64(bytes, at, value);
            else if (width == 4)
                WriteU32(bytes, at, (uint)value);
            else
                WriteU16(bytes, at, (ushort)value);
        }

        // File offsets of the tables field-targeted mutations aim at, taken from the valid original.
        private sealed class Layout
        {
            public int ProgramHeaders, ProgramHeaderCount, Dynamic, DynamicCount;
            public int Relocations, RelocationCount, Symbols, SymbolCount, Hash;

            public static Layout Of(byte[] bytes)
            {
                var layout = new Layout { ProgramHeaders = ProgramHeaderAt(bytes, 0), ProgramHeaderCount = ProgramHeaderCount(bytes) };
                int dynamic = FindProgramHeader(bytes, ElfConstants.PtDynamic);
                layout.Dynamic = (int)ReadU64(bytes, dynamic + POffset);
                layout.DynamicCount = (int)(ReadU64(bytes, dynamic + PFileSz) / 16);
                layout.Relocations = OffsetOfDynamic(bytes, ElfConstants.DtRela);
                int relaBytes = (int)ValueOfDynamic(bytes, ElfConstants.DtRelaSz) + (int)ValueOfDynamic(bytes, ElfConstants.DtPltRelSz);
                layout.RelocationCount = layout.Relocations < 0 ? 0 : relaBytes / 24;
                layout.Symbols = OffsetOfDynamic(bytes, ElfConstants.DtSymTab);
                int strings = OffsetOfDynamic(bytes, ElfConstants.DtStrTab);
                layout.SymbolCount = layout.Symbols < 0 ? 0 : Math.Max(0, (strings - layout.Symbols) / 24);
                int gnu = OffsetOfDynamic(bytes, ElfConstants.DtGnuHash);
                layout.Hash = gnu >= 0 ? gnu : OffsetOfDynamic(bytes, ElfConstants.DtHash);
                return layout;
            }

            private static ulong ValueOfDynamic(byte[] bytes, long tag)
            {
                int at = FindDynamic(bytes, tag);
                return at < 0 ? 0 : ReadU64(bytes, at + 8);
            }

            private static int OffsetOfDynamic(byte[] bytes, long tag)
            {
                int at = FindDynamic(bytes, tag);
                return at < 0 ? -1 : (int)AddressToOffset(bytes, ReadU64(bytes, at + 8));
            }
        }

        // Serves the mutant as MutantName and the unmodified fixtures by their names; nothing else.
        private sealed class FuzzFiles : IObjectFiles
        {
            private readonly List<(byte[] Name, nint Data, int Length)> _originals = new();
            public readonly byte[] Mutant;
            public readonly byte* MutantData;
            public int MutantLength;
            public byte[] MutantName = "fuzz"u8.ToArray();

            public FuzzFiles(List<byte[]> originals, string[] names)
            {
                int longest = 0;
                for (int i = 0; i < originals.Count; i++)
                {
                    nint copy = (nint)NativeMemory.Alloc((nuint)originals[i].Length);
                    originals[i].CopyTo(new Span<byte>((void*)copy, originals[i].Length));
                    _originals.Add((Encoding.UTF8.GetBytes(names[i]), copy, originals[i].Length));
                    longest = Math.Max(longest, originals[i].Length);
                }
                Mutant = GC.AllocateArray<byte>(longest, pinned: true);
                MutantData = (byte*)Marshal.UnsafeAddrOfPinnedArrayElement(Mutant, 0);
            }

            public int SetMutant(byte[] original)
            {
                original.CopyTo(Mutant, 0);
                return original.Length;
            }

            public bool TryOpen(ReadOnlySpan<byte> name, out byte* data, out long length)
            {
                if (name.SequenceEqual(MutantName))
                {
                    data = MutantData;
                    length = MutantLength;
                    return true;
                }
                foreach (var original in _originals)
                {
                    if (!name.SequenceEqual(original.Name))
                        continue;
                    data = (byte*)original.Data;
                    length = original.Length;
                    return true;
                }
                data = null;
                length = 0;
                return false;
            }
        }

        private sealed class FuzzHost : IHostSymbols
        {
            private readonly nint _buffer = (nint)NativeMemory.AllocZeroed(4096);

            public bool ProvidesLibrary(ReadOnlySpan<byte> soname) => false;

            public nint Lookup(ReadOnlySpan<byte> name) => _buffer;

            public nint MissingFunctionStub(ReadOnlySpan<byte> name) => _buffer;
        }
    }
}
