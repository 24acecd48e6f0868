// Corrupt relocation and symbol tables in otherwise valid objects: the load is refused with a
// message, nothing is written outside the object's writable segments, and nothing stays mapped.
using System;
using OSv.Loader.Elf;
using OSv.Loader.Linking;
using Xunit;
using static OSv.Loader.Tests.ElfBytes;

namespace OSv.Loader.Tests
{
    public sealed unsafe class RelocationRefusalTests
    {
        private static string OpenPatched(Action<byte[], int> patchFirstRela)
        {
            byte[] bytes = Fixtures.Bytes("libbase.so");
            int rela = (int)AddressToOffset(bytes, ReadU64(bytes, FindDynamic(bytes, ElfConstants.DtRela) + 8));
            patchFirstRela(bytes, rela);
            var files = new MemoryObjectFiles();
            files.Add("libbase.so", bytes);
            var linker = new DynamicLinker(new TestHost(), files);
            Assert.Equal(0, linker.Open("libbase.so"u8));
            Assert.Equal(0, linker.ObjectCount);
            return linker.TakeLastError()!;
        }

        [Fact]
        public void Relocation_TargetInReadOnlyText_Refused()
        {
            string error = OpenPatched((bytes, rela) => WriteU64(bytes, rela, 0x1000));
            Assert.Contains("relocation target 0x1000 outside the writable segments of libbase.so", error);
        }

        [Fact]
        public void Relocation_TargetBeyondSpan_Refused()
        {
            string error = OpenPatched((bytes, rela) => WriteU64(bytes, rela, ulong.MaxValue - 3));
            Assert.Contains("outside the writable segments", error);
        }

        [Fact]
        public void Relocation_UnsupportedType_RefusedNamingIt()
        {
            string error = OpenPatched((bytes, rela) => WriteU64(bytes, rela + 8, 99));
            Assert.Contains("unsupported relocation type 99", error);
        }

        [Fact]
        public void Relocation_SymbolIndexOutOfRange_Refused()
        {
            string error = OpenPatched((bytes, rela) => WriteU64(bytes, rela + 8, (0xffffffUL << 32) | ElfConstants.R64));
            Assert.Contains("symbol index 16777215 out of range", error);
        }

        [Fact]
        public void Relocation_TlsAgainstObjectWithoutTls_Refused()
        {
            byte[] bytes = Fixtures.Bytes("libsysv.so");
            int rela = (int)AddressToOffset(bytes, ReadU64(bytes, FindDynamic(bytes, ElfConstants.DtRela) + 8));
            WriteU64(bytes, rela + 8, ElfConstants.RDtpMod64);
            var files = new MemoryObjectFiles();
            files.Add("libsysv.so", bytes);
            var linker = new DynamicLinker(new TestHost(), files);
            Assert.Equal(0, linker.Open("libsysv.so"u8));
            Assert.Contains("has no PT_TLS", linker.TakeLastError());
        }
    }
}
