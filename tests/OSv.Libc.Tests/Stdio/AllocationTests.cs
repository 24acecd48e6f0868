// The hot paths allocate no managed memory (style rule 4): a putc/getc/ftell/fseek round trip
// on a stream, through the exports and through gcc's inline fast path, leaves this thread's
// allocated-bytes counter where it was once the first call has set the thread up (least of
// AllocationMeter's windows).
namespace OSv.Libc.Tests.Stdio
{
    using System;
    using OSv.Libc.Stdio;
    using OSv.Libc.Tests.Files;
    using OSv.Testing;
    using Xunit;
    using static OSv.Libc.Tests.Files.Libc;

    [Collection(LibcIoCollection.Name)]
    public sealed unsafe class AllocationTests : IDisposable
    {
        private const int RoundTrips = 20_000;
        private readonly MountedFolder _folder = new MountedFolder();

        public void Dispose() => _folder.Dispose();

        [Fact]
        public void StreamRoundTrip_AllocatesNothing()
        {
            var fputc = (delegate* unmanaged<int, byte*, int>)Function("fputc");
            var fgetc = (delegate* unmanaged<byte*, int>)Function("fgetc");
            var fseek = (delegate* unmanaged<byte*, long, int, int>)Function("fseek");
            var ftell = (delegate* unmanaged<byte*, long>)Function("ftell");
            var uflow = (delegate* unmanaged<byte*, int>)Function("__uflow");
            byte* file = ((delegate* unmanaged<byte*>)Function("tmpfile"))();
            for (int i = 0; i < RoundTrips; i++)
                fputc('a' + i % 26, file);
            long sum = 0;
            // Each window starts where the first did: the stream rewound past its first byte
            // (not measured), the rest read to the end, then 100 bytes rewritten at the start.
            long allocated = AllocationMeter.SteadyStateCountedBytes(() =>
            {
                fseek(file, 0, 0);
                fgetc(file);
                long before = GC.GetAllocatedBytesForCurrentThread();
                for (int i = 1; i < RoundTrips; i++)
                {
                    ref byte* read = ref *(byte**)(file + FileLayout.ReadPointerOffset);
                    sum += read < *(byte**)(file + FileLayout.ReadEndOffset) ? *read++ : uflow(file);
                }
                sum += ftell(file);
                fseek(file, 0, 0);
                for (int i = 0; i < 100; i++)
                    fputc('z', file);
                return GC.GetAllocatedBytesForCurrentThread() - before;
            });
            Assert.Equal(0, allocated);
            Assert.True(sum > 0);
            ((delegate* unmanaged<byte*, int>)Function("fclose"))(file);
        }
    }
}
