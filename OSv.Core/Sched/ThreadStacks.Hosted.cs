// Hosted, a Thread wraps a .NET thread whose stack and exception dispatch belong to the host
// runtime: the stack members and the exception chain head report 0 (unknown, none).
namespace OSv.Core.Sched
{
    public sealed unsafe partial class Thread
    {
        public ulong StackTop => 0;

        public ulong SavedStackPointer => 0;

        public ulong StoppedStackPointer => 0;

        public ulong StoppedRegistersAddress => 0;

        public ulong StackScanStart => 0;

        public nint ExceptionChainHead => 0;
    }
}
