// errno is per thread: a value set on one thread is not seen by another.
using System.Threading;
using OSv.Runtime.Pal;
using Xunit;

namespace OSv.Runtime.Tests.Pal
{
    public class ThreadErrnoTests
    {
        [Fact]
        public void SetErrNo_IsSeenOnlyByTheSettingThread()
        {
            ThreadErrno.SetErrNo(LinuxErrno.EACCES);
            int seenByOther = -1;
            var other = new Thread(() =>
            {
                seenByOther = ThreadErrno.GetErrNo();
                ThreadErrno.SetErrNo(LinuxErrno.ENOENT);
            });
            other.Start();
            other.Join();
            Assert.Equal(0, seenByOther);
            Assert.Equal(LinuxErrno.EACCES, ThreadErrno.GetErrNo());
        }

        [Fact]
        public void Fail_SetsErrnoAndReturnsMinusOne()
        {
            Assert.Equal(-1, ThreadErrno.Fail(LinuxErrno.EROFS));
            Assert.Equal(LinuxErrno.EROFS, ThreadErrno.GetErrNo());
        }
    }
}
