// Metal: a broken invariant stops the machine with a panic report.
namespace OSv.Core.Diagnostics
{
    public static partial class Invariant
    {
        private static void FailCore(string message) => Machine.Panic(message);
    }
}
