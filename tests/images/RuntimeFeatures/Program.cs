// Runs every runtime feature check; `throw <kind>` as the first argument instead raises an
// unhandled exception or a fault, to test the panic path. Exits with the number of failures.
using System;
using OSv.Core;

if (args.Length > 0)
{
    Faults.Raise(args);
    Console.WriteLine("FAIL fault did not stop the machine");
    return 100;
}

Console.WriteLine("runtime features on " + Machine.Platform);
Features.Strings();
Features.Arrays();
Features.Spans();
Features.Generics();
Features.Interfaces();
Features.Virtuals();
Features.Delegates();
Features.StaticConstructors();
Features.Boxing();
Features.UnsafeCode();
Features.Casting();
Features.Atomics();
Console.WriteLine("SUMMARY passed=" + Check.Passed + " failed=" + Check.Failed);
if (Check.Failed == 0)
    Environment.Exit(42); // exercised on purpose: the host test expects exit code 42
return Check.Failed;
