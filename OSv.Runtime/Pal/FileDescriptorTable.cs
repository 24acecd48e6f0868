// The PAL's file descriptors: a fixed table (PalLimits.FileDescriptorsMax) of what each number
// refers to: the console's three streams, an image file (read-only, with its own offset) or an
// image directory. 0, 1 and 2 start as the console's input, output and error; Close and Dup work
// on them as on Linux. New descriptors take the lowest free number, as POSIX requires.
//
// Claiming a slot: a compare-and-swap of Kind from Free to Reserved makes the slot the caller's;
// it fills the fields and then publishes the real kind with a release write, so a reader that
// sees a kind sees the fields written before it. Close stores Free last. Offsets are updated
// without a lock: two threads reading one descriptor at once may read the same bytes (Linux
// serialises them); CoreLib never shares a FileStream's descriptor between concurrent reads.
//
// Departure: Dup copies the file offset instead of sharing one open file description.
using System.Threading;

namespace OSv.Runtime.Pal
{
    internal enum DescriptorKind
    {
        Free = 0,
        Reserved,
        ConsoleInput,
        ConsoleOutput,
        ConsoleError,
        File,
        Directory,
    }

    internal unsafe struct Descriptor
    {
        public int Kind;      // DescriptorKind, read and written with Volatile/Interlocked
        public byte* Data;    // File: the image file's bytes
        public long Length;   // File: its length
        public long Position; // File: the offset Read and LSeek use
        public long Inode;    // File, Directory: the identity Stat reports and FLock keys on
    }

    internal static unsafe class FileDescriptorTable
    {
        private static readonly Descriptor[] s_descriptors = CreateTable();

        // Runs the class constructor now (PalStartup): reading a static field is what triggers it.
        internal static void EnsureInitialized() => System.GC.KeepAlive(s_descriptors);

        private static Descriptor[] CreateTable()
        {
            var table = new Descriptor[PalLimits.FileDescriptorsMax];
            table[0].Kind = (int)DescriptorKind.ConsoleInput;
            table[1].Kind = (int)DescriptorKind.ConsoleOutput;
            table[2].Kind = (int)DescriptorKind.ConsoleError;
            return table;
        }

        // The kind of fd (Free for a number outside the table).
        public static DescriptorKind KindOf(nint fd) =>
            (ulong)fd < PalLimits.FileDescriptorsMax ? (DescriptorKind)Volatile.Read(ref s_descriptors[fd].Kind) : DescriptorKind.Free;

        // The descriptor fd refers to; only valid while KindOf(fd) is not Free or Reserved.
        public static ref Descriptor At(nint fd) => ref s_descriptors[fd];

        public static bool IsOpen(nint fd)
        {
            DescriptorKind kind = KindOf(fd);
            return kind != DescriptorKind.Free && kind != DescriptorKind.Reserved;
        }

        // Takes the lowest free number for a copy of value; -1 when the table is full.
        public static int Open(in Descriptor value)
        {
            for (int fd = 0; fd < s_descriptors.Length; fd++)
            {
                ref Descriptor slot = ref s_descriptors[fd];
                if (Volatile.Read(ref slot.Kind) != (int)DescriptorKind.Free)
                    continue;
                if (Interlocked.CompareExchange(ref slot.Kind, (int)DescriptorKind.Reserved, (int)DescriptorKind.Free) != (int)DescriptorKind.Free)
                    continue;
                slot.Data = value.Data;
                slot.Length = value.Length;
                slot.Position = value.Position;
                slot.Inode = value.Inode;
                Volatile.Write(ref slot.Kind, value.Kind); // release: fields before kind
                return fd;
            }
            return -1;
        }

        // Frees fd; false when it was not open.
        public static bool Close(nint fd)
        {
            if (!IsOpen(fd))
                return false;
            ref Descriptor slot = ref s_descriptors[fd];
            FileLocks.ReleaseAll((int)fd, slot.Inode);
            slot.Data = null;
            Volatile.Write(ref slot.Kind, (int)DescriptorKind.Free);
            return true;
        }
    }
}
