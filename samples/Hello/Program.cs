// Prints a greeting and each argument, then exits with the code given by `--exit-code N`
// (0 by default). The same program runs hosted (`dotnet run`) and as a VM image (`osv run`).
using System;
using OSv.Core;

Console.WriteLine("Hello from OSv.NET (" + Machine.Platform + ")!");
int exitCode = 0;
for (int i = 0; i < args.Length; i++)
{
    Console.WriteLine("arg[" + i + "] = " + args[i]);
    if (args[i] == "--exit-code" && i + 1 < args.Length && !int.TryParse(args[i + 1], out exitCode))
    {
        Console.WriteLine("--exit-code needs a number, got '" + args[i + 1] + "'");
        exitCode = 2;
    }
}
return exitCode;
