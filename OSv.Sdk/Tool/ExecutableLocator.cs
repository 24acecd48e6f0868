// Finds a program the tool starts (dotnet, QEMU) before starting it, so that a missing one gets
// a message saying how to install it instead of a bare "No such file or directory".
using System;
using System.IO;

namespace OSv.Tool
{
    internal static class ExecutableLocator
    {
        // A name with a slash is a path; a bare name is looked up on PATH. Null when absent.
        public static string? Find(string name)
        {
            if (name.Contains('/'))
                return File.Exists(name) ? Path.GetFullPath(name) : null;
            string path = Environment.GetEnvironmentVariable("PATH") ?? "";
            foreach (string directory in path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
            {
                string candidate = Path.Combine(directory, name);
                if (File.Exists(candidate))
                    return candidate;
            }
            return null;
        }
    }
}
