// `struct stat` as the x86-64 Linux kernel and glibc lay it out (asm/stat.h; 144 bytes; stat64
// is the same on x86-64): st_dev @0, st_ino @8, st_nlink @16, st_mode @24 (u32), st_uid @28,
// st_gid @32, st_rdev @40, st_size @48, st_blksize @56, st_blocks @64 (512-byte units),
// st_atim @72, st_mtim @88, st_ctim @104 (timespec: seconds, nanoseconds), reserved to 144.
// Image files are read-only (0444), directories 0555, device nodes as on Linux; owner root;
// timestamps zero (the image has none).
namespace OSv.Libc.Files
{
    public static unsafe class StatLayout
    {
        public const int SizeBytes = 144;
        public const int DeviceOffset = 0, InodeOffset = 8, LinkCountOffset = 16, ModeOffset = 24;
        public const int SpecialDeviceOffset = 40, SizeOffset = 48, BlockSizeOffset = 56, BlocksOffset = 64;

        public const uint TypeRegular = 0x8000, TypeDirectory = 0x4000, TypeCharacterDevice = 0x2000;
        private const ulong ImageDevice = 1, ConsoleDevice = 5;
        private const long PreferredBlockBytes = 4096, BlockUnitBytes = 512;

        public static void Fill(byte* stat, in FileNode node)
        {
            new System.Span<byte>(stat, SizeBytes).Clear();
            uint mode;
            ulong device = ImageDevice, specialDevice = 0;
            switch (node.Kind)
            {
                case FileNodeKind.Directory:
                    mode = TypeDirectory | 0x16D; // 0555
                    break;
                case FileNodeKind.Console:
                    mode = TypeCharacterDevice | 0x190; // 0620, as a tty
                    device = ConsoleDevice;
                    specialDevice = 0x8800; // pts major 136
                    break;
                case FileNodeKind.Null:
                    mode = TypeCharacterDevice | 0x1B6; // 0666
                    device = ConsoleDevice;
                    specialDevice = 0x103; // mem major 1, minor 3
                    break;
                case FileNodeKind.Memory:
                    mode = TypeRegular | 0x180; // 0600, as mkstemp's
                    break;
                default:
                    mode = TypeRegular | 0x124; // 0444
                    break;
            }
            *(ulong*)(stat + DeviceOffset) = device;
            *(ulong*)(stat + InodeOffset) = node.Inode;
            *(ulong*)(stat + LinkCountOffset) = node.Kind == FileNodeKind.Directory ? 2UL : 1UL;
            *(uint*)(stat + ModeOffset) = mode;
            *(ulong*)(stat + SpecialDeviceOffset) = specialDevice;
            *(long*)(stat + SizeOffset) = node.Length;
            *(long*)(stat + BlockSizeOffset) = PreferredBlockBytes;
            *(long*)(stat + BlocksOffset) = (node.Length + BlockUnitBytes - 1) / BlockUnitBytes;
        }
    }
}
