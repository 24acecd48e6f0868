// The QEMU argument list: microvm, the exit device, the image and command line, and gdb only
// when asked.
using System.Collections.Generic;
using OSv.Tool;
using Xunit;

namespace OSv.Tool.Tests
{
    public class QemuCommandTests
    {
        private const string ImagePath = "/images/Hello.elf";
        private const string CommandLineText = "-- one \"two words\"";

        private static readonly AcceleratorChoice Tcg = Accelerator.Choose(AcceleratorRequest.Tcg, "", kvmUsable: false);

        private static readonly QemuOptions Defaults = new QemuOptions(ImagePath, Tcg, "128M", 1, null, CommandLineText);

        [Fact]
        public void BuildArguments_Always_HasDebugExitDevice()
        {
            AssertPair(QemuCommand.BuildArguments(Defaults), "-device", "isa-debug-exit,iobase=0xf4,iosize=0x04");
        }

        [Fact]
        public void BuildArguments_Always_HasKernelImage()
        {
            AssertPair(QemuCommand.BuildArguments(Defaults), "-kernel", ImagePath);
        }

        [Fact]
        public void BuildArguments_Always_AppendsCommandLineAsOneArgument()
        {
            AssertPair(QemuCommand.BuildArguments(Defaults), "-append", CommandLineText);
        }

        [Fact]
        public void BuildArguments_Always_UsesMicrovm()
        {
            AssertPair(QemuCommand.BuildArguments(Defaults), "-M", "microvm");
        }

        [Fact]
        public void BuildArguments_Always_DoesNotReboot()
        {
            Assert.Contains("-no-reboot", QemuCommand.BuildArguments(Defaults));
        }

        [Fact]
        public void BuildArguments_Tcg_UsesTcgAndCpuMax()
        {
            List<string> arguments = QemuCommand.BuildArguments(Defaults);
            AssertPair(arguments, "-accel", "tcg");
            AssertPair(arguments, "-cpu", "max");
        }

        [Fact]
        public void BuildArguments_MemoryAndCpus_ArePassed()
        {
            List<string> arguments = QemuCommand.BuildArguments(Defaults with { Memory = "1G", CpuCount = 2 });
            AssertPair(arguments, "-m", "1G");
            AssertPair(arguments, "-smp", "2");
        }

        [Fact]
        public void BuildArguments_NoGdb_HasNoGdbOptions()
        {
            List<string> arguments = QemuCommand.BuildArguments(Defaults);
            Assert.DoesNotContain("-gdb", arguments);
            Assert.DoesNotContain("-S", arguments);
        }

        [Fact]
        public void BuildArguments_Gdb_ListensOnPortAndWaits()
        {
            List<string> arguments = QemuCommand.BuildArguments(Defaults with { GdbPort = 4321 });
            AssertPair(arguments, "-gdb", "tcp::4321");
            Assert.Contains("-S", arguments);
        }

        [Fact]
        public void Render_ArgumentWithSpaces_IsShellQuoted()
        {
            Assert.Equal("qemu -append '-- \"a b\"'", QemuCommand.Render("qemu", new[] { "-append", "-- \"a b\"" }));
        }

        [Fact]
        public void ShellQuote_SingleQuote_IsEscaped()
        {
            Assert.Equal("'it'\\''s'", QemuCommand.ShellQuote("it's"));
        }

        private static void AssertPair(List<string> arguments, string option, string value)
        {
            int index = arguments.IndexOf(option);
            Assert.True(index >= 0, option + " is missing");
            Assert.Equal(value, arguments[index + 1]);
        }
    }
}
