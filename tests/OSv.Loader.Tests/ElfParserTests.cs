// Bad input is refused with a message naming what is wrong; valid fixtures parse.
using System;
using OSv.Loader.Elf;
using OSv.Loader.Linking;
using Xunit;
using static OSv.Loader.Tests.ElfBytes;

namespace OSv.Loader.Tests
{
    public sealed unsafe class ElfParserTests
    {
        private static byte[] Base() => Fixtures.Bytes("libbase.so");

        private static void AssertRefused(byte[] bytes, string expectedFragment)
        {
            string? error = Parse(bytes);
            Assert.NotNull(error);
            Assert.Contains(expectedFragment, error);
        }

        [Fact]
        public void Record_Sizes_MatchTheElf64Layout()
        {
            Assert.Equal(ElfConstants.ProgramHeaderBytes, sizeof(ProgramHeader));
            Assert.Equal(ElfConstants.DynamicEntryBytes, sizeof(DynamicEntry));
            Assert.Equal(ElfConstants.SymbolBytes, sizeof(Symbol));
            Assert.Equal(ElfConstants.RelaBytes, sizeof(Rela));
        }

        [Fact]
        public void Parse_ValidLibrary_ReportsSegmentsAndDynamic()
        {
            byte[] bytes = Fixtures.Bytes("libtop.so");
            fixed (byte* data = bytes)
            {
                Assert.Null(ElfParser.TryParse(data, bytes.Length, out ElfFile? file));
                Assert.Equal(0ul, file!.SpanStart);
                Assert.Equal(0ul, file.SpanBytes % 4096);
                Assert.Equal(1, file.Dynamic.NeededCount);
                Assert.True(file.Dynamic.HasSoname);
                Assert.NotEqual(ElfFile.None, file.DynamicIndex);
                Assert.NotEqual(ElfFile.None, file.RelroIndex);
                Assert.NotEqual(0ul, file.Dynamic.GnuHash);
                Assert.NotEqual(0ul, file.Dynamic.JumpRelocationBytes);
            }
        }

        [Fact]
        public void Parse_ValidExecutable_HasEntryInterpFreeAndPhdr()
        {
            byte[] bytes = Fixtures.Bytes("exe");
            fixed (byte* data = bytes)
            {
                Assert.Null(ElfParser.TryParse(data, bytes.Length, out ElfFile? file));
                Assert.NotEqual(0ul, file!.Entry);
                Assert.NotEqual(ElfFile.None, file.PhdrIndex);
                Assert.NotEqual(0ul, file.Dynamic.PreinitArrayBytes);
            }
        }

        [Fact]
        public void Parse_Empty_RefusedAsTruncated() => AssertRefused(Array.Empty<byte>(), "truncated");

        [Fact]
        public void Parse_ShorterThanHeader_RefusedAsTruncated() => AssertRefused(Base()[..63], "truncated");

        [Fact]
        public void Parse_BadMagic_Refused()
        {
            byte[] bytes = Base();
            bytes[1] = (byte)'X';
            AssertRefused(bytes, "bad magic");
        }

        [Fact]
        public void Parse_Elf32_RefusedWrongClass()
        {
            byte[] bytes = Base();
            bytes[4] = 1;
            AssertRefused(bytes, "ELFCLASS64");
        }

        [Fact]
        public void Parse_BigEndian_Refused()
        {
            byte[] bytes = Base();
            bytes[5] = 2;
            AssertRefused(bytes, "little-endian");
        }

        [Fact]
        public void Parse_EtExec_RefusedNotPositionIndependent()
        {
            byte[] bytes = Base();
            WriteU16(bytes, EType, ElfConstants.TypeExecutable);
            AssertRefused(bytes, "ET_EXEC");
        }

        [Fact]
        public void Parse_Relocatable_RefusedWrongType()
        {
            byte[] bytes = Base();
            WriteU16(bytes, EType, 1);
            AssertRefused(bytes, "not ET_DYN");
        }

        [Fact]
        public void Parse_Aarch64_RefusedWrongMachine()
        {
            byte[] bytes = Base();
            WriteU16(bytes, Machine, 183);
            AssertRefused(bytes, "wrong machine");
        }

        [Fact]
        public void Parse_WrongProgramHeaderSize_Refused()
        {
            byte[] bytes = Base();
            WriteU16(bytes, PhEntSize, 32);
            AssertRefused(bytes, "e_phentsize");
        }

        [Fact]
        public void Parse_NoProgramHeaders_Refused()
        {
            byte[] bytes = Base();
            WriteU16(bytes, PhNum, 0);
            AssertRefused(bytes, "no program headers");
        }

        [Fact]
        public void Parse_HugeProgramHeaderCount_Refused()
        {
            byte[] bytes = Base();
            WriteU16(bytes, PhNum, 0xffff);
            AssertRefused(bytes, "too many program headers");
        }

        [Fact]
        public void Parse_MisalignedProgramHeaderTable_Refused()
        {
            byte[] bytes = Base();
            WriteU64(bytes, PhOff, 65);
            AssertRefused(bytes, "misaligned");
        }

        [Fact]
        public void Parse_ProgramHeaderTableBeyondEnd_Refused()
        {
            byte[] bytes = Base();
            WriteU64(bytes, PhOff, (ulong)bytes.Length - 8);
            AssertRefused(bytes, "beyond the end");
        }

        [Fact]
        public void Parse_TruncatedFile_RefusedLoadBeyondEnd() => AssertRefused(Base()[..0x2100], "beyond the end of the file");

        [Fact]
        public void Parse_LoadOffsetHuge_Refused()
        {
            byte[] bytes = Base();
            WriteU64(bytes, FindProgramHeader(bytes, ElfConstants.PtLoad, 1) + POffset, ulong.MaxValue - 4);
            AssertRefused(bytes, "beyond the end of the file");
        }

        [Fact]
        public void Parse_FileSizeAboveMemorySize_Refused()
        {
            byte[] bytes = Base();
            int load = FindProgramHeader(bytes, ElfConstants.PtLoad, 1);
            WriteU64(bytes, load + PMemSz, ReadU64(bytes, load + PFileSz) - 1);
            AssertRefused(bytes, "p_filesz larger than p_memsz");
        }

        [Fact]
        public void Parse_OverlappingLoads_Refused()
        {
            byte[] bytes = Base();
            int load = FindProgramHeader(bytes, ElfConstants.PtLoad, 1);
            WriteU64(bytes, load + PVaddr, 0x100);
            AssertRefused(bytes, "overlaps");
        }

        [Fact]
        public void Parse_AlignmentNotPowerOfTwo_Refused()
        {
            byte[] bytes = Base();
            WriteU64(bytes, FindProgramHeader(bytes, ElfConstants.PtLoad) + PAlign, 0x3000);
            AssertRefused(bytes, "power of two");
        }

        [Fact]
        public void Parse_HugeMemorySize_RefusedSpanLimit()
        {
            byte[] bytes = Base();
            int last = FindProgramHeader(bytes, ElfConstants.PtLoad, 3);
            WriteU64(bytes, last + PMemSz, (ulong)LoaderLimits.ObjectSpanBytesMax * 2);
            AssertRefused(bytes, "ObjectSpanBytesMax");
        }

        [Fact]
        public void Parse_AddressBeyondUserSpace_Refused()
        {
            byte[] bytes = Base();
            int last = FindProgramHeader(bytes, ElfConstants.PtLoad, 3);
            WriteU64(bytes, last + PMemSz, ulong.MaxValue - 0x10);
            AssertRefused(bytes, "address out of range");
        }

        [Fact]
        public void Parse_DynamicOutsideSpan_Refused()
        {
            byte[] bytes = Base();
            WriteU64(bytes, FindProgramHeader(bytes, ElfConstants.PtDynamic) + PVaddr, 0x100000);
            AssertRefused(bytes, "PT_DYNAMIC: address range outside");
        }

        [Fact]
        public void Parse_MisalignedDynamic_Refused()
        {
            byte[] bytes = Base();
            int dynamic = FindProgramHeader(bytes, ElfConstants.PtDynamic);
            WriteU64(bytes, dynamic + POffset, ReadU64(bytes, dynamic + POffset) + 4);
            AssertRefused(bytes, "misaligned PT_DYNAMIC");
        }

        [Fact]
        public void Parse_DynamicPartialEntry_Refused()
        {
            byte[] bytes = Base();
            int dynamic = FindProgramHeader(bytes, ElfConstants.PtDynamic);
            WriteU64(bytes, dynamic + PFileSz, ReadU64(bytes, dynamic + PFileSz) - 8);
            AssertRefused(bytes, "whole number of entries");
        }

        [Fact]
        public void Parse_StringTableOutsideSpan_Refused()
        {
            byte[] bytes = Base();
            WriteU64(bytes, FindDynamic(bytes, ElfConstants.DtStrSz) + 8, 0x10000000);
            AssertRefused(bytes, "DT_STRTAB/DT_STRSZ outside");
        }

        [Fact]
        public void Parse_NeededOffsetBeyondStrings_Refused()
        {
            byte[] bytes = Fixtures.Bytes("libtop.so");
            WriteU64(bytes, FindDynamic(bytes, ElfConstants.DtNeeded) + 8, 0xffffff);
            AssertRefused(bytes, "DT_NEEDED name offset beyond DT_STRSZ");
        }

        [Fact]
        public void Parse_RelaSizeNotWholeEntries_Refused()
        {
            byte[] bytes = Base();
            int relaSize = FindDynamic(bytes, ElfConstants.DtRelaSz);
            WriteU64(bytes, relaSize + 8, ReadU64(bytes, relaSize + 8) + 1);
            AssertRefused(bytes, "DT_RELA: size is not a whole number");
        }

        [Fact]
        public void Parse_HugeRelocationCount_Refused()
        {
            byte[] bytes = Base();
            WriteU64(bytes, FindDynamic(bytes, ElfConstants.DtRelaSz) + 8, (ulong)(LoaderLimits.RelocationsMax + 1) * 24);
            AssertRefused(bytes, "DT_RELA: more entries");
        }

        [Fact]
        public void Parse_RelEntriesOnX86_64_Refused()
        {
            byte[] bytes = Base();
            WriteU64(bytes, FindDynamic(bytes, ElfConstants.DtRelaSz), (ulong)ElfConstants.DtRel);
            AssertRefused(bytes, "DT_REL");
        }

        [Fact]
        public void Parse_WrongSymbolEntrySize_Refused()
        {
            byte[] bytes = Base();
            WriteU64(bytes, FindDynamic(bytes, ElfConstants.DtSymEnt) + 8, 16);
            AssertRefused(bytes, "DT_SYMENT");
        }

        [Fact]
        public void Parse_InitArrayOutsideSpan_Refused()
        {
            byte[] bytes = Base();
            WriteU64(bytes, FindDynamic(bytes, ElfConstants.DtInitArray) + 8, 0x7fff0000);
            AssertRefused(bytes, "DT_INIT_ARRAY: outside the load span");
        }

        [Fact]
        public void Parse_TwoTlsSegments_Refused()
        {
            byte[] bytes = Base();
            WriteU32(bytes, FindProgramHeader(bytes, ElfConstants.PtGnuEhFrame) + PType, ElfConstants.PtTls);
            AssertRefused(bytes, "more than one PT_TLS");
        }

        [Fact]
        public void Parse_EntryOutsideCode_Refused()
        {
            byte[] bytes = Fixtures.Bytes("exe");
            WriteU64(bytes, Entry, 0x10);
            AssertRefused(bytes, "entry point");
        }
    }
}
