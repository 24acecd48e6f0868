// Hosted, CPU faults belong to the host runtime (it already turns them into exceptions): the
// handler is only stored and never called.
namespace OSv.Core.Platform
{
    public static unsafe class Faults
    {
        private static delegate*<ManagedFault*, bool> s_handler;

        public static long HandledCount => 0;

        public static void InstallManagedFaultHandler(delegate*<ManagedFault*, bool> handler, ulong codeStart, ulong codeEnd) => s_handler = handler;
    }
}
