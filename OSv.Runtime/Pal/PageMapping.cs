// SystemNative_MMap / MUnmap / MProtect over PalPages. The kernel has one identity-mapped
// address space with every page readable, writable and executable, so:
//
//   MMap      anonymous mappings get fresh zeroed pages; file mappings (an image file's
//             descriptor, MAP_PRIVATE or read-only MAP_SHARED) get a private copy of the file's
//             bytes from the page-aligned offset, the rest of the last page zeroed (indistinguish-
//             able from sharing, since image files never change). A writable MAP_SHARED file
//             mapping fails with EACCES (the descriptor is not open for writing), a console
//             descriptor with ENODEV. The address argument is only a hint, and like Linux without
//             MAP_FIXED we ignore it. Failure returns null (libSystem.Native's departure from
//             mmap's MAP_FAILED) with errno set.
//   MUnmap    frees whole mappings. A range that covers no mapping succeeds (as on Linux); one
//             that covers part of a mapping fails with EINVAL (departure: Linux splits it).
//   MProtect  records nothing and changes nothing: protections are NOT enforced (PROT_NONE
//             pages stay accessible, PROT_WRITE-less pages stay writable, memory is committed at
//             MMap even for PROT_NONE reservations). It fails with ENOMEM, as Linux does, for
//             pages that are not mapped, and succeeds for mapped ones.
//
// Mappings are remembered in a fixed table (PalLimits.MappingsMax) under one Mutex; a full table
// fails MMap with ENOMEM.
using System;
using System.Runtime;
using OSv.Core.Sync;

namespace OSv.Runtime.Pal
{
    internal static unsafe class PageMapping
    {
        // Interop.Sys.MemoryMappedProtections / MemoryMappedFlags (PAL values).
        public const int PROT_NONE = 0, PROT_READ = 1, PROT_WRITE = 2, PROT_EXEC = 4;
        public const int MAP_SHARED = 1, MAP_PRIVATE = 2, MAP_ANONYMOUS = 0x10;

        private struct Mapping
        {
            public byte* Start;
            public long Pages;
        }

        private static readonly Mutex s_lock = new Mutex();

        // Runs the class constructor now (PalStartup): reading a static field is what triggers it.
        internal static void EnsureInitialized() => System.GC.KeepAlive(s_lock);
        private static readonly Mapping[] s_mappings = new Mapping[PalLimits.MappingsMax];

        [RuntimeExport("SystemNative_MMap")]
        internal static nint MMap(nint address, ulong length, int protection, int flags, nint fd, long offset)
        {
            if ((protection & ~(PROT_READ | PROT_WRITE | PROT_EXEC)) != 0 || (flags & ~(MAP_SHARED | MAP_PRIVATE | MAP_ANONYMOUS)) != 0)
                return ThreadErrno.FailNull(LinuxErrno.EINVAL);
            bool shared = (flags & MAP_SHARED) != 0;
            if (shared == ((flags & MAP_PRIVATE) != 0) || length == 0)
                return ThreadErrno.FailNull(LinuxErrno.EINVAL);
            bool anonymous = (flags & MAP_ANONYMOUS) != 0;
            if (!anonymous)
            {
                int error = CheckFileMapping(fd, offset, shared, protection);
                if (error != 0)
                    return ThreadErrno.FailNull(error);
            }
            long pages = PalPages.PagesFor(length);
            byte* start = PalPages.TryAllocate(pages);
            if (start == null)
                return ThreadErrno.FailNull(LinuxErrno.ENOMEM);
            if (!anonymous)
                CopyFile(ref FileDescriptorTable.At(fd), offset, start, pages * PalPages.PageBytes);
            if (!Remember(start, pages))
            {
                PalPages.Free(start, pages);
                return ThreadErrno.FailNull(LinuxErrno.ENOMEM);
            }
            return (nint)start;
        }

        [RuntimeExport("SystemNative_MUnmap")]
        internal static int MUnmap(nint address, ulong length)
        {
            if (length == 0 || (address & (PalPages.PageBytes - 1)) != 0)
                return ThreadErrno.Fail(LinuxErrno.EINVAL);
            byte* start = (byte*)address;
            long pages = PalPages.PagesFor(length);
            byte* end = start + pages * PalPages.PageBytes;
            s_lock.Lock();
            int found = -1;
            bool partial = false;
            for (int i = 0; i < s_mappings.Length; i++)
            {
                ref Mapping mapping = ref s_mappings[i];
                if (mapping.Start == null || !Overlaps(mapping, start, end))
                    continue;
                if (found >= 0 || mapping.Start != start || mapping.Pages != pages)
                    partial = true;
                found = i;
            }
            Mapping freed = default;
            if (found >= 0 && !partial)
            {
                freed = s_mappings[found];
                s_mappings[found] = default;
            }
            s_lock.Unlock();
            if (partial)
                return ThreadErrno.Fail(LinuxErrno.EINVAL);
            if (freed.Start != null)
                PalPages.Free(freed.Start, freed.Pages);
            return 0;
        }

        [RuntimeExport("SystemNative_MProtect")]
        internal static int MProtect(nint address, ulong length, int protection)
        {
            if ((address & (PalPages.PageBytes - 1)) != 0 || (protection & ~(PROT_READ | PROT_WRITE | PROT_EXEC)) != 0)
                return ThreadErrno.Fail(LinuxErrno.EINVAL);
            byte* start = (byte*)address;
            byte* end = start + PalPages.PagesFor(length) * PalPages.PageBytes;
            s_lock.Lock();
            bool mapped = false;
            for (int i = 0; i < s_mappings.Length && !mapped; i++)
            {
                ref Mapping mapping = ref s_mappings[i];
                mapped = mapping.Start != null && start >= mapping.Start && end <= mapping.Start + mapping.Pages * PalPages.PageBytes;
            }
            s_lock.Unlock();
            return mapped ? 0 : ThreadErrno.Fail(LinuxErrno.ENOMEM);
        }

        private static int CheckFileMapping(nint fd, long offset, bool shared, int protection)
        {
            DescriptorKind kind = FileDescriptorTable.KindOf(fd);
            if (!FileDescriptorTable.IsOpen(fd))
                return LinuxErrno.EBADF;
            if (kind != DescriptorKind.File)
                return LinuxErrno.ENODEV;
            if (offset < 0 || (offset & (PalPages.PageBytes - 1)) != 0)
                return LinuxErrno.EINVAL;
            return shared && (protection & PROT_WRITE) != 0 ? LinuxErrno.EACCES : 0;
        }

        private static void CopyFile(ref Descriptor file, long offset, byte* target, long targetBytes)
        {
            if (offset >= file.Length)
                return;
            long count = Math.Min(file.Length - offset, targetBytes);
            Buffer.MemoryCopy(file.Data + offset, target, targetBytes, count);
        }

        private static bool Overlaps(in Mapping mapping, byte* start, byte* end) =>
            start < mapping.Start + mapping.Pages * PalPages.PageBytes && mapping.Start < end;

        private static bool Remember(byte* start, long pages)
        {
            s_lock.Lock();
            try
            {
                for (int i = 0; i < s_mappings.Length; i++)
                {
                    if (s_mappings[i].Start != null)
                        continue;
                    s_mappings[i].Start = start;
                    s_mappings[i].Pages = pages;
                    return true;
                }
                return false;
            }
            finally
            {
                s_lock.Unlock();
            }
        }
    }
}
