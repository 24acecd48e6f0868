// Runs the Linux program the kernel command line names: `[--env NAME=value]... <path> [args]`.
// Its output goes to the serial console between two marker lines, so the boot test can compare
// exactly what the program printed; the image exits with the program's status.
using System;
using OSv.Libc.Process;

namespace LinuxPrograms
{
    public static class Program
    {
        public const string OutputBegins = "--- program output ---";
        public const string OutputEnds = "--- end of program output ---";

        public static int Main(string[] args)
        {
            int first = 0;
            int environmentCount = 0;
            while (first + 1 < args.Length && args[first] == "--env")
            {
                environmentCount++;
                first += 2;
            }
            if (first >= args.Length)
            {
                Console.WriteLine("usage: [--env NAME=value]... <program> [arguments]");
                return 2;
            }
            string[] environment = new string[environmentCount];
            for (int i = 0; i < environmentCount; i++)
                environment[i] = args[2 * i + 1];
            string[] arguments = new string[args.Length - first];
            for (int i = first; i < args.Length; i++)
                arguments[i - first] = args[i];

            Console.WriteLine(OutputBegins);
            ProgramResult result = LinuxProgram.Run(new ImageObjectFiles(), arguments[0], arguments, environment);
            Console.WriteLine(OutputEnds);
            if (result.Error != null)
            {
                Console.WriteLine("linux-programs: " + result.Error);
                return 126;
            }
            Console.WriteLine("linux-programs: exit status " + result.ExitStatus.ToString());
            return result.ExitStatus;
        }
    }
}
