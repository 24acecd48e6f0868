// Files in the image and thread support for C code, checked inside the guest. Exits with 42
// when every check passed. Prints "file <path> bytes=<n> lines=<n> fnv=<hex>" for every file, for
// the host to compare with its own reading of the same files.
using System;
using OSv.Core;

Console.WriteLine("image files on " + Machine.Platform);
Files.Report();
Files.Lookups();
ThreadPointers.EachThreadSeesItsOwn();
ThreadPointers.PreemptedThreadsSeeTheirOwn();
ThreadPointers.LargeStack();
Console.WriteLine("SUMMARY passed=" + Check.Passed + " failed=" + Check.Failed);
return Check.Failed == 0 ? 42 : Check.Failed;
