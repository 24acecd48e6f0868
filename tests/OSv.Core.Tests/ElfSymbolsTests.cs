using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using OSv.Sdk;
using Xunit;

namespace OSv.Core.Tests
{
    // Reads symbols from an ELF that binutils (the same tools the image build uses) links here.
    public class ElfSymbolsTests : IDisposable
    {
        private readonly string _directory = Directory.CreateTempSubdirectory("osv-elf-").FullName;

        public void Dispose() => Directory.Delete(_directory, recursive: true);

        private string Link(string assembly)
        {
            File.WriteAllText(Path.Combine(_directory, "t.S"), assembly);
            Run("as", "--64 -o t.o t.S");
            Run("ld", "-static -nostdlib -Ttext=0x401000 -e first -o t.elf t.o");
            return Path.Combine(_directory, "t.elf");
        }

        private void Run(string program, string arguments)
        {
            var start = new ProcessStartInfo(program, arguments) { WorkingDirectory = _directory, RedirectStandardError = true };
            using Process process = Process.Start(start)!;
            string errors = process.StandardError.ReadToEnd();
            process.WaitForExit();
            Assert.True(process.ExitCode == 0, program + " failed: " + errors);
        }

        [Fact]
        public void Read_LinkedImage_ListsFunctionsWithAddressAndSize()
        {
            string image = Link(".text\n.globl first\n.type first,@function\nfirst: ret\n.size first, 1\n"
                + ".globl second\n.type second,@function\nsecond: nop\nret\n.size second, 2\n"
                + ".data\n.globl table\n.type table,@object\ntable: .quad 1\n.size table, 8\n");
            var symbols = ElfSymbols.Read(image);
            ElfSymbol first = symbols.Single(s => s.Name == "first");
            ElfSymbol second = symbols.Single(s => s.Name == "second");
            ElfSymbol table = symbols.Single(s => s.Name == "table");
            Assert.Equal(0x401000UL, first.Address);
            Assert.Equal(first.Address + 1, second.Address);
            Assert.Equal(2UL, second.SizeBytes);
            Assert.True(second.IsFunction);
            Assert.False(table.IsFunction);
            Assert.Equal(8UL, table.SizeBytes);
            Assert.True(first.IsCode); // .text is executable, .data is not
            Assert.False(table.IsCode);
            Assert.Equal(second.Address + 2, second.SectionEnd); // .text ends after second's 2 bytes
            Assert.Equal(table.Address + 8, table.SectionEnd);
        }

        [Fact]
        public void Read_NotElf_ThrowsInvalidData()
        {
            Assert.Throws<InvalidDataException>(() => ElfSymbols.Read(new byte[100]));
        }

        [Fact]
        public void Read_SectionTableOutsideFile_ThrowsInvalidData()
        {
            string image = Link(".text\n.globl first\nfirst: ret\n");
            byte[] bytes = File.ReadAllBytes(image);
            BitConverter.GetBytes((ulong)bytes.Length + 4096).CopyTo(bytes, 0x28);
            Assert.Throws<InvalidDataException>(() => ElfSymbols.Read(bytes));
        }
    }
}
