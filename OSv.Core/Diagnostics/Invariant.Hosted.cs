// Hosted: a broken invariant throws, so that tests and simulations report it (with their seed).
using System;

namespace OSv.Core.Diagnostics
{
    public static partial class Invariant
    {
        private static void FailCore(string message) => throw new InvalidOperationException(message);
    }
}
