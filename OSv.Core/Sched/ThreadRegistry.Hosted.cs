// The registry's lock hosted: a monitor (see ThreadRegistry.cs).
namespace OSv.Core.Sched
{
    public sealed partial class Thread
    {
        private static readonly object s_registryLock = new object();

        private static ulong EnterRegistry()
        {
            System.Threading.Monitor.Enter(s_registryLock);
            return 0;
        }

        private static void ExitRegistry(ulong token) => System.Threading.Monitor.Exit(s_registryLock);
    }
}
