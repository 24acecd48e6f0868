// The structs the PAL fills for CoreLib, field by field against CoreLib's own definitions (the
// running CoreLib's Interop+Sys types: the same layout on linux-x64 as the pinned one, whose
// metadata gives only field order, which these definitions also follow), and the PAL's flag and
// enum constants against the pinned CoreLib's metadata.
using System;
using System.Linq;
using System.Reflection;
using System.Runtime.InteropServices;
using OSv.Runtime.Pal;
using Xunit;

namespace OSv.Runtime.Tests.Pal
{
    public class StructLayoutTests
    {
        private static Type CoreLibType(string name) =>
            typeof(object).Assembly.GetType(name, throwOnError: true)!;

        private static void AssertSameLayout(Type ours, string coreLibName, string[] ourFieldsInCoreLibOrder)
        {
            Type theirs = CoreLibType(coreLibName);
            Assert.Equal(Marshal.SizeOf(theirs), Marshal.SizeOf(ours));
            FieldInfo[] theirFields = theirs.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic);
            Assert.Equal(theirFields.Length, ourFieldsInCoreLibOrder.Length);
            for (int i = 0; i < theirFields.Length; i++)
            {
                Assert.Equal(Marshal.OffsetOf(theirs, theirFields[i].Name), Marshal.OffsetOf(ours, ourFieldsInCoreLibOrder[i]));
                Assert.Equal(Marshal.SizeOf(UnderlyingOf(theirFields[i].FieldType)), Marshal.SizeOf(UnderlyingOf(ours.GetField(ourFieldsInCoreLibOrder[i], BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic)!.FieldType)));
            }
        }

        private static Type UnderlyingOf(Type type) =>
            type.IsPointer ? typeof(nint) : type.IsEnum ? Enum.GetUnderlyingType(type) : type;

        [Fact]
        public void FileStatus_MatchesCoreLib()
        {
            AssertSameLayout(typeof(FileStatus), "Interop+Sys+FileStatus", new[]
            {
                "Flags", "Mode", "Uid", "Gid", "Size", "ATime", "ATimeNsec", "MTime", "MTimeNsec", "CTime",
                "CTimeNsec", "BirthTime", "BirthTimeNsec", "Dev", "RDev", "Ino", "UserFlags",
            });
            Assert.Equal(FileStatus.SizeBytes, Marshal.SizeOf<FileStatus>());
        }

        [Fact]
        public void DirectoryEntry_MatchesCoreLib() =>
            AssertSameLayout(typeof(DirectoryEntry), "Interop+Sys+DirectoryEntry", new[] { "Name", "NameLength", "InodeType" });

        [Fact]
        public void Passwd_MatchesCoreLib() =>
            AssertSameLayout(typeof(ProcessIdentity.Passwd), "Interop+Sys+Passwd", new[]
            {
                "Name", "Password", "UserId", "GroupId", "UserInfo", "HomeDirectory", "Shell",
            });

        [Fact]
        public void ProcessCpuInformation_MatchesCoreLib() =>
            AssertSameLayout(typeof(Clocks.ProcessCpuInformation), "Interop+Sys+ProcessCpuInformation", new[]
            {
                "LastRecordedCurrentTime", "LastRecordedKernelTime", "LastRecordedUserTime",
            });

        [Fact]
        public void PalConstants_MatchCoreLibEnums()
        {
            AssertEnum("Sys.OpenFlags", ("O_RDONLY", FileOpen.O_RDONLY), ("O_WRONLY", FileOpen.O_WRONLY), ("O_RDWR", FileOpen.O_RDWR),
                ("O_CLOEXEC", FileOpen.O_CLOEXEC), ("O_CREAT", FileOpen.O_CREAT), ("O_EXCL", FileOpen.O_EXCL),
                ("O_TRUNC", FileOpen.O_TRUNC), ("O_SYNC", FileOpen.O_SYNC), ("O_NOFOLLOW", FileOpen.O_NOFOLLOW));
            AssertEnum("Sys.SeekWhence", ("SEEK_SET", FileReads.SEEK_SET), ("SEEK_CUR", FileReads.SEEK_CUR), ("SEEK_END", FileReads.SEEK_END));
            AssertEnum("Sys.MemoryMappedProtections", ("PROT_READ", PageMapping.PROT_READ), ("PROT_WRITE", PageMapping.PROT_WRITE), ("PROT_EXEC", PageMapping.PROT_EXEC));
            AssertEnum("Sys.MemoryMappedFlags", ("MAP_SHARED", PageMapping.MAP_SHARED), ("MAP_PRIVATE", PageMapping.MAP_PRIVATE), ("MAP_ANONYMOUS", PageMapping.MAP_ANONYMOUS));
            AssertEnum("Sys.LockOperations", ("LOCK_SH", FileLocks.LOCK_SH), ("LOCK_EX", FileLocks.LOCK_EX), ("LOCK_NB", FileLocks.LOCK_NB), ("LOCK_UN", FileLocks.LOCK_UN));
            AssertEnum("Sys.AccessMode", ("F_OK", FileStatusExports.F_OK), ("X_OK", FileStatusExports.X_OK), ("W_OK", FileStatusExports.W_OK), ("R_OK", FileStatusExports.R_OK));
            AssertEnum("Sys.NodeType", ("DT_DIR", DirectoryStreams.DT_DIR), ("DT_REG", DirectoryStreams.DT_REG));
        }

        private static void AssertEnum(string coreLibName, params (string Name, int Value)[] ours)
        {
            var theirs = PinnedPInvokeDeclarations.EnumConstants(coreLibName);
            foreach ((string name, int value) in ours)
                Assert.Equal(theirs[name], value);
        }
    }
}
