// C code owns the FS segment: its TLS and stack-protector canary are read through the FS base,
// which the scheduler loads with each thread's ThreadPointer. So no kernel code may address
// through FS: every image under test is disassembled, and the only instruction allowed to use
// it is the test helper osv_read_fs_word (OSv.Core/Arch/X64/cpu.S).
using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Xunit;

namespace OSv.Image.Tests
{
    public class FsSegmentUseTests
    {
        private const string AllowedFunction = "osv_read_fs_word";

        public static TheoryData<string> ImagePaths()
        {
            var data = new TheoryData<string>();
            foreach (string line in File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "images.txt")))
                data.Add(line.Split('=', 2)[1]);
            return data;
        }

        [Theory]
        [MemberData(nameof(ImagePaths))]
        public void Image_UsesFsOnlyInTheTestHelper(string image)
        {
            // The image itself is stripped; its twin with symbols has the same code at the same addresses.
            string debugImage = Path.ChangeExtension(image, ".debug.elf");
            CommandResult result = Repository.Run("objdump", new[] { "-d", "--no-show-raw-insn", debugImage }, Repository.Root);
            Assert.True(result.ExitCode == 0, result.Describe());
            var offenders = new List<string>();
            string function = "";
            int helperUses = 0;
            foreach (string line in result.Lines)
            {
                if (line.EndsWith(">:", StringComparison.Ordinal))
                    function = line.Substring(line.IndexOf('<') + 1).TrimEnd(':', '>');
                else if (line.Contains("%fs:", StringComparison.Ordinal))
                {
                    if (function == AllowedFunction)
                        helperUses++;
                    else
                        offenders.Add(function + ": " + line.Trim());
                }
            }
            Assert.True(offenders.Count == 0, "kernel code addressing through FS in " + image + ":\n" + string.Join("\n", offenders.Take(20)));
            Assert.Equal(1, helperUses); // the disassembly was read: the helper itself is found
        }
    }
}
