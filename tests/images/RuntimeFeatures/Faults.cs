// Deliberate failures for the panic tests. Each must stop the machine with a PANIC report.
using System;
using OSv.Core;

internal static class Faults
{
    public static unsafe void Raise(string[] args)
    {
        switch (args[0])
        {
            case "null-dereference":
                int* nowhere = null;
                Console.WriteLine("about to read address 0");
                Console.WriteLine(*nowhere);
                break;
            case "panic":
                Machine.Panic("requested by the test");
                break;
            case "throw":
                throw new InvalidOperationException("thrown on purpose");
            case "index":
                int[] small = new int[2];
                Console.WriteLine(small[args.Length + 5]);
                break;
            default:
                Console.WriteLine("unknown fault " + args[0]);
                break;
        }
    }
}
