// The kernel command line (QEMU's -append): "[kernel options] -- [application arguments]".
// Without a "--" every word belongs to the application. Words split on spaces and tabs; double
// quotes group a word with spaces, and a backslash escapes a quote or a backslash. Pure, so the
// same parser runs (and is tested) hosted.
using System;

namespace OSv.Core.Boot
{
    public static class CommandLine
    {
        public const int LengthBytesMax = 4096;

        public static void Split(ReadOnlySpan<byte> commandLine, out string[] kernelOptions, out string[] applicationArguments)
        {
            if (commandLine.Length > LengthBytesMax)
                commandLine = commandLine.Slice(0, LengthBytesMax);
            int terminator = commandLine.IndexOf((byte)0);
            if (terminator >= 0)
                commandLine = commandLine.Slice(0, terminator);
            int wordCount = CountWords(commandLine);
            string[] words = new string[wordCount];
            int separator = -1;
            char[] buffer = new char[commandLine.Length];
            int position = 0;
            for (int i = 0; i < wordCount; i++)
            {
                bool quoted;
                int length = NextWord(commandLine, ref position, buffer, out quoted);
                words[i] = new string(buffer, 0, length);
                if (separator < 0 && !quoted && words[i] == "--")
                    separator = i;
            }
            if (separator < 0)
            {
                kernelOptions = new string[0];
                applicationArguments = words;
                return;
            }
            kernelOptions = Slice(words, 0, separator);
            applicationArguments = Slice(words, separator + 1, wordCount - separator - 1);
        }

        private static string[] Slice(string[] words, int start, int count)
        {
            string[] result = new string[count];
            for (int i = 0; i < count; i++)
                result[i] = words[start + i];
            return result;
        }

        private static int CountWords(ReadOnlySpan<byte> commandLine)
        {
            char[] scratch = new char[commandLine.Length];
            int position = 0, count = 0;
            while (true)
            {
                SkipSpaces(commandLine, ref position);
                if (position >= commandLine.Length)
                    return count;
                NextWord(commandLine, ref position, scratch, out _);
                count++;
            }
        }

        private static int NextWord(ReadOnlySpan<byte> commandLine, ref int position, char[] destination, out bool quoted)
        {
            SkipSpaces(commandLine, ref position);
            int length = 0;
            bool inQuotes = false;
            quoted = false;
            for (; position < commandLine.Length; position++)
            {
                byte c = commandLine[position];
                if (!inQuotes && IsSpace(c))
                    break;
                if (c == (byte)'"')
                {
                    inQuotes = !inQuotes;
                    quoted = true;
                    continue;
                }
                if (c == (byte)'\\' && position + 1 < commandLine.Length && (commandLine[position + 1] == (byte)'"' || commandLine[position + 1] == (byte)'\\'))
                    c = commandLine[++position];
                // The command line is ASCII in practice; other bytes pass through as Latin-1.
                destination[length++] = (char)c;
            }
            return length;
        }

        private static void SkipSpaces(ReadOnlySpan<byte> commandLine, ref int position)
        {
            while (position < commandLine.Length && IsSpace(commandLine[position]))
                position++;
        }

        private static bool IsSpace(byte c) => c == (byte)' ' || c == (byte)'\t' || c == (byte)'\n';
    }
}
