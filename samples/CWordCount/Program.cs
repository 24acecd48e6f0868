// Runs the C program /bin/wordcount on the texts shipped with it (or on the files named on the
// command line), and exits with its status.
using System;
using OSv.Libc.Process;

namespace CWordCount
{
    public static partial class Program
    {
        public static int Main(string[] args)
        {
            ProvideFiles();
            string[] texts = args.Length > 0 ? args : new[] { "/texts/lib-os.txt", "/texts/loader.txt" };
            string[] arguments = new string[texts.Length + 1];
            arguments[0] = "/bin/wordcount";
            for (int i = 0; i < texts.Length; i++)
                arguments[i + 1] = texts[i];
            ProgramResult result = LinuxProgram.Run(new ImageObjectFiles(), "/bin/wordcount", arguments, new string[0]);
            if (result.Error != null)
            {
                Console.WriteLine("wordcount did not start: " + result.Error);
                return 126;
            }
            return result.ExitStatus;
        }
    }
}
