// The initial process stack as the kernel and ld.so hand it to a program's _start (System V
// x86-64 psABI 3.4.1, figure 3.9; Linux fs/binfmt_elf.c create_elf_tables), written into a
// caller's buffer of 64-bit words:
//     [0] argc | argv[0..argc-1] | NULL | envp[0..] | NULL | auxv (type, value) pairs ... AT_NULL
// The strings (and AT_RANDOM's 16 bytes, and AT_PLATFORM's "x86_64") live in pages allocated
// here that are never freed: a process's argument strings live as long as the process. The
// caller places the buffer so that word 0 is 16-byte aligned (the psABI requires %rsp to be
// 16-byte aligned at _start, pointing at argc), switches to it and jumps to the entry point;
// argv is at word 1 and envp at word argc + 2 for RunInitializers.
// AT_BASE is 0: there is no separate interpreter object. AT_SECURE is 0, the ids are 0 (root).
namespace OSv.Loader.Linking
{
    using System;

    public static unsafe class StartVector
    {
        public const ulong AtNull = 0, AtPhdr = 3, AtPhent = 4, AtPhnum = 5, AtPagesz = 6, AtBase = 7, AtFlags = 8;
        public const ulong AtEntry = 9, AtUid = 11, AtEuid = 12, AtGid = 13, AtEgid = 14, AtPlatform = 15;
        public const ulong AtHwcap = 16, AtClktck = 17, AtSecure = 23, AtRandom = 25, AtExecfn = 31;
        public const int AuxiliaryPairs = 18;
        public const int RandomBytes = 16;
        public const ulong ClockTicksPerSecond = 100;
        public const int StringsCountMax = 4096;
        private static ReadOnlySpan<byte> Platform => "x86_64\0"u8;

        /// <summary>Words Write needs for <paramref name="argumentCount"/> arguments and
        /// <paramref name="environmentCount"/> environment strings.</summary>
        public static int WordsNeeded(int argumentCount, int environmentCount) =>
            1 + argumentCount + 1 + environmentCount + 1 + 2 * AuxiliaryPairs;

        /// <summary>Number of strings in a block of NUL-terminated strings ("a\0bc\0" is 2), or -1
        /// when the block does not end with a NUL or holds more than StringsCountMax.</summary>
        public static int CountStrings(ReadOnlySpan<byte> strings)
        {
            if (strings.Length > 0 && strings[strings.Length - 1] != 0)
                return -1;
            int count = 0;
            foreach (byte b in strings)
                if (b == 0)
                    count++;
            return count > StringsCountMax ? -1 : count;
        }

        /// <summary>Writes the start vector for <paramref name="executable"/>. The arguments and
        /// environment are blocks of NUL-terminated strings. Returns the words written, or -1 when
        /// a block is malformed, <paramref name="destination"/> is too small or memory is short.</summary>
        public static int Write(Span<ulong> destination, LoadedObject executable, ReadOnlySpan<byte> arguments,
            ReadOnlySpan<byte> environment, ulong hardwareCapabilities)
        {
            int argumentCount = CountStrings(arguments), environmentCount = CountStrings(environment);
            if (argumentCount < 0 || environmentCount < 0 || destination.Length < WordsNeeded(argumentCount, environmentCount))
                return -1;
            ulong storageBytes = (ulong)(arguments.Length + environment.Length + RandomBytes + Platform.Length);
            byte* storage = LoaderMemory.Reserve(storageBytes);
            if (storage == null)
                return -1;
            byte* random = storage, platform = storage + RandomBytes, strings = platform + Platform.Length;
            LoaderMemory.FillRandom(random, RandomBytes);
            Platform.CopyTo(new Span<byte>(platform, Platform.Length));
            arguments.CopyTo(new Span<byte>(strings, arguments.Length));
            environment.CopyTo(new Span<byte>(strings + arguments.Length, environment.Length));

            int word = 0;
            destination[word++] = (ulong)argumentCount;
            word = WritePointers(destination, word, strings, arguments.Length);
            ulong executableName = argumentCount > 0 ? destination[1] : (ulong)(strings + arguments.Length - 1);
            word = WritePointers(destination, word, strings + arguments.Length, environment.Length);
            return WriteAuxiliary(destination, word, executable, hardwareCapabilities, (ulong)random, (ulong)platform, executableName);
        }

        // One pointer per string in the block, then NULL.
        private static int WritePointers(Span<ulong> destination, int word, byte* block, int blockBytes)
        {
            int start = 0;
            for (int i = 0; i < blockBytes; i++)
            {
                if (block[i] != 0)
                    continue;
                destination[word++] = (ulong)(block + start);
                start = i + 1;
            }
            destination[word++] = 0;
            return word;
        }

        private static int WriteAuxiliary(Span<ulong> destination, int word, LoadedObject executable, ulong hardwareCapabilities,
            ulong random, ulong platform, ulong executableName)
        {
            Span<ulong> pairs = stackalloc ulong[2 * AuxiliaryPairs]
            {
                AtPhdr, (ulong)executable.ProgramHeaders,
                AtPhent, Elf.ElfConstants.ProgramHeaderBytes,
                AtPhnum, (ulong)executable.ProgramHeaderCount,
                AtPagesz, LoaderLimits.PageBytes,
                AtBase, 0,
                AtFlags, 0,
                AtEntry, (ulong)executable.EntryPoint,
                AtUid, 0,
                AtEuid, 0,
                AtGid, 0,
                AtEgid, 0,
                AtSecure, 0,
                AtRandom, random,
                AtHwcap, hardwareCapabilities,
                AtClktck, ClockTicksPerSecond,
                AtPlatform, platform,
                AtExecfn, executableName,
                AtNull, 0,
            };
            pairs.CopyTo(destination.Slice(word));
            return word + pairs.Length;
        }
    }
}
