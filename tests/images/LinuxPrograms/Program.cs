// Runs the Linux program the kernel command line names:
//     [--timing] [--env NAME=value]... <path> [args]
// Its output goes to the console between two marker lines, so the boot test can compare exactly
// what the program printed; the image exits with the program's status. --timing also prints how
// long loading and relocating took.
using System;
using OSv.Libc.Process;

namespace LinuxPrograms
{
    public static partial class Program
    {
        public const string OutputBegins = "--- program output ---";
        public const string OutputEnds = "--- end of program output ---";

        public static int Main(string[] args)
        {
            int first = 0;
            bool timing = false;
            if (args.Length > 0 && args[0] == "--timing")
            {
                timing = true;
                first = 1;
            }
            int environmentStart = first;
            while (first + 1 < args.Length && args[first] == "--env")
                first += 2;
            if (first >= args.Length)
            {
                Console.WriteLine("usage: [--timing] [--env NAME=value]... <program> [arguments]");
                return 2;
            }
            string[] environment = new string[(first - environmentStart) / 2];
            for (int i = 0; i < environment.Length; i++)
                environment[i] = args[environmentStart + 2 * i + 1];
            string[] arguments = new string[args.Length - first];
            for (int i = first; i < args.Length; i++)
                arguments[i - first] = args[i];

            Console.WriteLine(OutputBegins);
            ProgramResult result = LinuxProgram.Run(ObjectFiles(), arguments[0], arguments, environment);
            Console.WriteLine(OutputEnds);
            if (result.Error != null)
            {
                Console.WriteLine("linux-programs: " + result.Error);
                return 126;
            }
            if (timing)
                Console.WriteLine("linux-programs: load_and_relocate_us " + (result.LoadNanoseconds / 1000).ToString());
            Console.WriteLine("linux-programs: exit status " + result.ExitStatus.ToString());
            return result.ExitStatus;
        }
    }
}
