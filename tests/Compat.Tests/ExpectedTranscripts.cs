// The committed transcripts, tests/images/Compat/expected/<area>.txt, read from the source tree
// (one copy, shared with the image test). Setting COMPAT_WRITE_EXPECTED=1 makes a transcript test
// rewrite its file from the hosted run instead of comparing, and fail so that the new file is
// reviewed (git diff) before it is committed.
using System;
using System.Collections.Generic;
using System.IO;
using Compat.Suite;

namespace Compat.Tests
{
    internal static class ExpectedTranscripts
    {
        public static string Directory { get; } = FindDirectory();

        public static bool RewriteRequested => Environment.GetEnvironmentVariable("COMPAT_WRITE_EXPECTED") == "1";

        public static string PathOf(string area) => Path.Combine(Directory, area + ".txt");

        public static IReadOnlyList<string> Read(string area) =>
            CompatSerialOutput.ParseExpectedFile(File.ReadAllText(PathOf(area)));

        public static void Write(string area, IReadOnlyList<string> lines) =>
            File.WriteAllText(PathOf(area), string.Join("\n", lines) + "\n");

        private static string FindDirectory()
        {
            for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory != null; directory = directory.Parent)
            {
                if (File.Exists(Path.Combine(directory.FullName, "OSv.sln")))
                    return Path.Combine(directory.FullName, "tests", "images", "Compat", "expected");
            }
            throw new InvalidOperationException("OSv.sln not found above " + AppContext.BaseDirectory);
        }
    }
}
