// sysconf, uname, host name, resource limits and usage, getrandom/getentropy, getauxval,
// system, the identity functions and __libc_single_threaded.
using System;
using System.Text;
using OSv.Libc.Errors;
using OSv.Libc.Posix;
using Xunit;

namespace OSv.Libc.Tests.Misc
{
    [CollectionDefinition("C system state", DisableParallelization = true)]
    public sealed class CSystemStateCollection { }

    [Collection("C system state")]
    public sealed unsafe class SystemTests
    {
        private static delegate* unmanaged<int, long> SysConf => (delegate* unmanaged<int, long>)PosixExports.Address("sysconf");

        [Theory]
        [InlineData(SystemConfiguration.PageSize)]
        [InlineData(SystemConfiguration.ClockTicks)]
        [InlineData(SystemConfiguration.ArgumentMax)]
        [InlineData(SystemConfiguration.Version)]
        [InlineData(SystemConfiguration.LineMax)]
        [InlineData(SystemConfiguration.HostNameMax)]
        [InlineData(SystemConfiguration.IoVectorMax)]
        [InlineData(SystemConfiguration.ThreadStackMin)]
        [InlineData(SystemConfiguration.MonotonicClock)]
        [InlineData(SystemConfiguration.Level1DataCacheLineSize)]
        public void Sysconf_FixedValues_MatchGlibc(int name)
        {
            Assert.Equal(HostLibc.SysConf(name), SysConf(name));
        }

        [Fact]
        public void Sysconf_Processors_AreTheMachines()
        {
            Assert.Equal(OSv.Core.Machine.ProcessorCount, SysConf(SystemConfiguration.ProcessorsOnline));
            Assert.Equal(OSv.Core.Machine.ProcessorCount, SysConf(SystemConfiguration.ProcessorsConfigured));
            var nprocs = (delegate* unmanaged<int>)PosixExports.Address("get_nprocs");
            Assert.Equal(OSv.Core.Machine.ProcessorCount, nprocs());
        }

        [Fact]
        public void Sysconf_PhysicalPages_ArePositiveHosted()
        {
            long pages = SysConf(SystemConfiguration.PhysicalPages);
            Assert.True(pages > 0);
            Assert.InRange(SysConf(SystemConfiguration.AvailablePhysicalPages), 0, pages);
        }

        [Fact]
        public void Sysconf_OpenMax_IsTheNofileLimit()
        {
            ulong* limit = stackalloc ulong[2];
            Assert.Equal(0, ResourceLimits.Get(ResourceLimits.OpenFiles, limit));
            Assert.Equal((long)limit[0], SysConf(SystemConfiguration.OpenMax));
        }

        [Theory]
        [InlineData(-1)]
        [InlineData(251)]
        [InlineData(100_000)]
        public void Sysconf_UnknownName_IsEinval(int name)
        {
            PosixExports.ClearErrno();
            Assert.Equal(-1, SysConf(name));
            Assert.Equal(ErrnoCodes.EINVAL, PosixExports.Errno);
        }

        [Fact]
        public void Sysconf_IndeterminateName_LeavesErrnoAlone()
        {
            PosixExports.ClearErrno();
            Assert.Equal(-1, SysConf(SystemConfiguration.ChildMax));
            Assert.Equal(0, PosixExports.Errno);
        }

        [Fact]
        public void Uname_DescribesOsv()
        {
            var uname = (delegate* unmanaged<byte*, int>)PosixExports.Address("uname");
            byte* names = stackalloc byte[390];
            new Span<byte>(names, 390).Fill(0xCC);
            Assert.Equal(0, uname(names));
            Assert.Equal("OSv", PosixExports.Read(names));
            Assert.Equal("osv", PosixExports.Read(names + 65));
            Assert.Equal("0.1", PosixExports.Read(names + 130));
            Assert.Equal("x86_64", PosixExports.Read(names + 260));
            Assert.Equal(0, names[389]);
        }

        [Fact]
        public void Gethostname_TooSmall_IsEnametoolong_SethostnameChangesIt()
        {
            var gethostname = (delegate* unmanaged<byte*, nuint, int>)PosixExports.Address("gethostname");
            var sethostname = (delegate* unmanaged<byte*, nuint, int>)PosixExports.Address("sethostname");
            byte* buffer = stackalloc byte[70];
            Assert.Equal(0, gethostname(buffer, 70));
            Assert.Equal("osv", PosixExports.Read(buffer));
            PosixExports.ClearErrno();
            Assert.Equal(-1, gethostname(buffer, 3));
            Assert.Equal(ErrnoCodes.ENAMETOOLONG, PosixExports.Errno);
            byte* name = PosixExports.CString("guest");
            try
            {
                Assert.Equal(0, sethostname(name, 5));
                Assert.Equal(0, gethostname(buffer, 6));
                Assert.Equal("guest", PosixExports.Read(buffer));
                PosixExports.ClearErrno();
                Assert.Equal(-1, sethostname(name, 65));
                Assert.Equal(ErrnoCodes.EINVAL, PosixExports.Errno);
            }
            finally
            {
                byte* original = PosixExports.CString("osv");
                sethostname(original, 3);
                PosixExports.Free(original);
                PosixExports.Free(name);
            }
        }

        [Fact]
        public void Getrlimit_StackAndNofile_AndBadResource()
        {
            var getrlimit = (delegate* unmanaged<int, ulong*, int>)PosixExports.Address("getrlimit");
            ulong* limit = stackalloc ulong[2];
            Assert.Equal(0, getrlimit(ResourceLimits.Stack, limit));
            Assert.Equal(8UL << 20, limit[0]);
            Assert.Equal(ResourceLimits.Unlimited, limit[1]);
            Assert.Equal(0, getrlimit(ResourceLimits.OpenFiles, limit));
            Assert.Equal((ulong)ResourceLimits.FileDescriptorsMax, limit[0]);
            PosixExports.ClearErrno();
            Assert.Equal(-1, getrlimit(16, limit));
            Assert.Equal(ErrnoCodes.EINVAL, PosixExports.Errno);
        }

        [Fact]
        public void Setrlimit_LowersButCannotRaiseTheHardLimit()
        {
            var setrlimit = (delegate* unmanaged<int, ulong*, int>)PosixExports.Address("setrlimit");
            ulong* limit = stackalloc ulong[2];
            ulong* saved = stackalloc ulong[2];
            ResourceLimits.Get(ResourceLimits.LockedMemory, saved);
            limit[0] = 4096; limit[1] = 8192;
            Assert.Equal(0, setrlimit(ResourceLimits.LockedMemory, limit));
            limit[1] = 1UL << 40;
            PosixExports.ClearErrno();
            Assert.Equal(-1, setrlimit(ResourceLimits.LockedMemory, limit));
            Assert.Equal(ErrnoCodes.EPERM, PosixExports.Errno);
            limit[0] = 9000; limit[1] = 8192;
            Assert.Equal(-1, setrlimit(ResourceLimits.LockedMemory, limit));
            Assert.Equal(ErrnoCodes.EINVAL, PosixExports.Errno);
            ResourceLimits.Get(ResourceLimits.LockedMemory, limit);
            Assert.Equal(4096UL, limit[0]);
        }

        [Fact]
        public void Getrusage_SelfCountsTime_ChildrenZero_BadWhoEinval()
        {
            var getrusage = (delegate* unmanaged<int, long*, int>)PosixExports.Address("getrusage");
            long* usage = stackalloc long[18];
            new Span<long>(usage, 18).Fill(-1);
            Assert.Equal(0, getrusage(ResourceLimits.UsageChildren, usage));
            for (int i = 0; i < 18; i++)
                Assert.Equal(0L, usage[i]);
            Assert.Equal(0, getrusage(ResourceLimits.UsageSelf, usage));
            Assert.InRange(usage[1], 0, 999_999);
            PosixExports.ClearErrno();
            Assert.Equal(-1, getrusage(2, usage));
            Assert.Equal(ErrnoCodes.EINVAL, PosixExports.Errno);
        }

        [Fact]
        public void Times_ReturnsIncreasingTicks()
        {
            var times = (delegate* unmanaged<long*, long>)PosixExports.Address("times");
            long* buffer = stackalloc long[4];
            long first = times(buffer);
            System.Threading.Thread.Sleep(30);
            long second = times(null);
            Assert.InRange(second - first, 2, 1000);
            Assert.Equal(0L, buffer[1]);
        }

        [Fact]
        public void Getrandom_FillsTheBuffer_AndRefusesUnknownFlags()
        {
            var getrandom = (delegate* unmanaged<byte*, nuint, uint, long>)PosixExports.Address("getrandom");
            byte* first = stackalloc byte[64];
            byte* second = stackalloc byte[64];
            Assert.Equal(64L, getrandom(first, 64, 0));
            Assert.Equal(64L, getrandom(second, 64, SystemExports.RandomNonBlocking));
            Assert.False(new Span<byte>(first, 64).SequenceEqual(new Span<byte>(second, 64)));
            PosixExports.ClearErrno();
            Assert.Equal(-1L, getrandom(first, 64, 8));
            Assert.Equal(ErrnoCodes.EINVAL, PosixExports.Errno);
            Assert.Equal(-1L, getrandom(first, 64, SystemExports.RandomFromRandomPool | SystemExports.RandomInsecure));
        }

        [Fact]
        public void Getentropy_AtMost256Bytes()
        {
            var getentropy = (delegate* unmanaged<byte*, nuint, int>)PosixExports.Address("getentropy");
            byte* buffer = stackalloc byte[300];
            Assert.Equal(0, getentropy(buffer, 256));
            PosixExports.ClearErrno();
            Assert.Equal(-1, getentropy(buffer, 257));
            Assert.Equal(ErrnoCodes.EIO, PosixExports.Errno);
        }

        [Fact]
        public void Getauxval_ReadsTheInstalledVector_MissingIsEnoent()
        {
            var getauxval = (delegate* unmanaged<ulong, ulong>)PosixExports.Address("getauxval");
            ulong* vector = stackalloc ulong[] { 6, 4096, 25, 0x1234, 0, 0 };
            AuxiliaryVector.Install(vector);
            try
            {
                Assert.Equal(4096UL, getauxval(6));
                Assert.Equal(0x1234UL, getauxval(25));
                PosixExports.ClearErrno();
                Assert.Equal(0UL, getauxval(16));
                Assert.Equal(ErrnoCodes.ENOENT, PosixExports.Errno);
            }
            finally
            {
                AuxiliaryVector.Install(null);
            }
            PosixExports.ClearErrno();
            Assert.Equal(0UL, getauxval(6));
            Assert.Equal(ErrnoCodes.ENOENT, PosixExports.Errno);
        }

        [Fact]
        public void System_HasNoShell()
        {
            var system = (delegate* unmanaged<byte*, int>)PosixExports.Address("system");
            Assert.Equal(0, system(null));
            byte* command = PosixExports.CString("ls");
            PosixExports.ClearErrno();
            Assert.Equal(-1, system(command));
            Assert.Equal(ErrnoCodes.ENOSYS, PosixExports.Errno);
            PosixExports.Free(command);
        }

        [Fact]
        public void Identity_IsProcessOneRunningAsRoot()
        {
            Assert.Equal(1, ((delegate* unmanaged<int>)PosixExports.Address("getpid"))());
            Assert.Equal(0, ((delegate* unmanaged<int>)PosixExports.Address("getppid"))());
            foreach (string name in new[] { "getuid", "geteuid", "getgid", "getegid" })
                Assert.Equal(0u, ((delegate* unmanaged<uint>)PosixExports.Address(name))());
            Assert.True(((delegate* unmanaged<uint, void*>)PosixExports.Address("getpwuid"))(0) == null);
            Assert.Equal(4096, ((delegate* unmanaged<int>)PosixExports.Address("getpagesize"))());
        }

        [Fact]
        public void SingleThreadedByte_OneForANewProgram_ZeroAfterAThreadStarts()
        {
            byte* cell = (byte*)PosixExports.Address("__libc_single_threaded");
            Assert.True(cell == SingleThreaded.Cell);
            SingleThreaded.MarkSingleThreaded();
            Assert.Equal(1, *cell);
            SingleThreaded.MarkMultiThreaded();
            Assert.Equal(0, *cell);
        }
    }
}
