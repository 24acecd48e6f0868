// Deliberate failures for the panic tests. Each must stop the machine with a PANIC report: the
// managed ones (null dereference, throw, index) through CoreLib's unhandled-exception report,
// the kernel ones (an explicit panic, a wild pointer) through the register dump.
using System;
using System.Runtime.CompilerServices;
using OSv.Core;

internal static class Faults
{
    // Canonical, above the identity-mapped low 4 GiB and far above the 64 KiB null area: never
    // mapped, and not a null reference (.NET fails fast on such an access violation).
    private const ulong WildAddress = 0x4000_0000_0000;

    public static unsafe void Raise(string[] args)
    {
        switch (args[0])
        {
            case "null-dereference":
                int* nowhere = null;
                Console.WriteLine("about to read address 0");
                Console.WriteLine(*nowhere);
                break;
            case "wild-pointer":
                Console.WriteLine("about to read address 0x" + WildAddress.ToString("x"));
                Console.WriteLine(ReadWild());
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

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static unsafe int ReadWild() => *(int*)WildAddress;
}
