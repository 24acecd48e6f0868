// SystemNative_Poll over the PAL's descriptors. Nothing in the image ever blocks on I/O: image
// files and directories are always readable, the console's output streams always writable, and
// the console's input is always at end of file (readable, as a closed pipe's is). So poll reports
// each descriptor's readiness at once, POLLNVAL for closed ones, and ignores negative ones (as
// Linux does). Only when nothing at all is ready does it wait, for the timeout (forever for a
// negative one, since nothing can become ready). The result is a PAL error code (SUCCESS), and
// the count of descriptors with events goes to *triggered, as in libSystem.Native.
using System.Runtime;
using OSv.Core.Sched;

namespace OSv.Runtime.Pal
{
    internal static unsafe class Poll
    {
        // Interop.PollEvents (PAL values).
        public const short POLLIN = 0x1, POLLPRI = 0x2, POLLOUT = 0x4, POLLERR = 0x8, POLLHUP = 0x10, POLLNVAL = 0x20;

        // Interop.PollEvent (8 bytes).
        internal struct PollEvent
        {
            public int FileDescriptor;
            public short Events;
            public short TriggeredEvents;
        }

        private const long NanosecondsPerMillisecond = 1_000_000;
        private const long IdleWaitNanoseconds = 1_000_000_000;

        [RuntimeExport("SystemNative_Poll")]
        internal static int PollEvents(PollEvent* pollEvents, uint eventCount, int timeoutMilliseconds, uint* triggered)
        {
            if (pollEvents == null && eventCount != 0)
                return PalError.EFAULT;
            uint ready = 0;
            for (uint i = 0; i < eventCount; i++)
            {
                ref PollEvent entry = ref pollEvents[i];
                entry.TriggeredEvents = entry.FileDescriptor < 0 ? (short)0 : ReadinessOf(entry.FileDescriptor, entry.Events);
                if (entry.TriggeredEvents != 0)
                    ready++;
            }
            if (ready == 0 && timeoutMilliseconds != 0)
                WaitForNothing(timeoutMilliseconds);
            *triggered = ready;
            return PalError.SUCCESS;
        }

        private static short ReadinessOf(int fd, short requested)
        {
            DescriptorKind kind = FileDescriptorTable.KindOf(fd);
            short ready = kind switch
            {
                DescriptorKind.File or DescriptorKind.Directory => POLLIN | POLLOUT,
                DescriptorKind.ConsoleInput => POLLIN,
                DescriptorKind.ConsoleOutput or DescriptorKind.ConsoleError => POLLOUT,
                _ => POLLNVAL,
            };
            // POLLNVAL, POLLERR and POLLHUP are reported whether requested or not.
            return (short)(ready & (requested | POLLNVAL | POLLERR | POLLHUP));
        }

        private static void WaitForNothing(int timeoutMilliseconds)
        {
            if (timeoutMilliseconds > 0)
            {
                Thread.Sleep(timeoutMilliseconds * NanosecondsPerMillisecond);
                return;
            }
            while (true)
                Thread.Sleep(IdleWaitNanoseconds);
        }
    }
}
