// The process's file descriptors (POSIX.1-2017 2.14, XSH open/dup/fcntl). Two bounded tables,
// as in Unix: descriptors (small integers, lowest free first, each with its FD_CLOEXEC flag)
// point to open file descriptions (what open creates and dup shares: the file, the offset and
// the status flags). Both hold FileLimits.DescriptorCountMax entries; a full table is EMFILE.
//
// What a description can be (FileNodeKind): the console (0, 1 and 2 at start; reads and writes
// go to LibcConsole, outside the table lock, since a console read can block); /dev/null; a
// read-only image file (bytes mapped in memory: reads are copies under the lock, which is what
// keeps the offset update atomic as POSIX requires); a directory (openable read-only, for
// fstat and fchdir-style uses; read gives EISDIR); an in-memory read-write file (tmpfile),
// whose bytes live in the C heap and grow by doubling.
//
// Every function returns what its C counterpart does: -1 with errno set on failure. Nothing
// allocates managed memory after the class constructor.
namespace OSv.Libc.Files
{
    using System;
    using OSv.Libc.Errors;

    public static unsafe class FileDescriptorTable
    {
        private const long MemoryFileInitialBytes = 4096;

        private struct Description
        {
            public FileNode Node;
            public long Offset;
            public long Capacity;
            public int StatusFlags;
            public int References;
        }

        private static readonly Description[] s_descriptions = new Description[FileLimits.DescriptorCountMax];
        private static readonly int[] s_descriptionPlusOne = new int[FileLimits.DescriptorCountMax];
        private static readonly int[] s_descriptorFlags = new int[FileLimits.DescriptorCountMax];
        private static readonly OSv.Core.Sync.Mutex s_lock = new OSv.Core.Sync.Mutex();
        private static ulong s_memoryFileCount;

        static FileDescriptorTable()
        {
            InstallConsole(LibcConsole.InputStream, OpenFlags.ReadOnly);
            InstallConsole(LibcConsole.OutputStream, OpenFlags.WriteOnly);
            InstallConsole(LibcConsole.ErrorStream, OpenFlags.WriteOnly);
        }

        private static void InstallConsole(int stream, int accessMode)
        {
            FileNode node = default;
            node.Kind = FileNodeKind.Console;
            node.ConsoleStream = stream;
            node.Inode = (ulong)stream + 1;
            int descriptor = Install(node, accessMode, 0, stream);
            OSv.Core.Diagnostics.Invariant.Assert(descriptor == stream, "console descriptors are 0, 1 and 2");
        }

        private static long Fail(int code)
        {
            Errno.Set(code);
            return -1;
        }

        /// <summary>open(2) on the image's read-only filesystem.</summary>
        public static int Open(byte* path, int flags, int mode)
        {
            int found = Lookup(path, out FileNode node);
            if (found < 0)
                return (int)Fail(found == -ErrnoCodes.ENOENT && (flags & OpenFlags.Create) != 0 ? ErrnoCodes.EROFS : -found);
            int refused = CheckOpen(node, flags);
            if (refused != 0)
                return (int)Fail(refused);
            int statusFlags = flags & (OpenFlags.AccessModeMask | OpenFlags.StatusChangeableMask);
            int descriptorFlags = (flags & OpenFlags.CloseOnExec) != 0 ? OpenFlags.DescriptorCloseOnExec : 0;
            int descriptor = Install(node, statusFlags, descriptorFlags, 0);
            return descriptor < 0 ? (int)Fail(-descriptor) : descriptor;
        }

        /// <summary>A new empty in-memory file open read-write (tmpfile's backing).</summary>
        public static int CreateMemoryFile()
        {
            FileNode node = default;
            node.Kind = FileNodeKind.Memory;
            s_lock.Lock();
            node.Inode = 0x8000_0000_0000_0000UL | ++s_memoryFileCount;
            s_lock.Unlock();
            int descriptor = Install(node, OpenFlags.ReadWrite, 0, 0);
            return descriptor < 0 ? (int)Fail(-descriptor) : descriptor;
        }

        /// <summary>Resolves <paramref name="path"/> into <paramref name="resolved"/> and checks it
        /// names a directory (opendir, chdir): the resolved length, or a negative errno.</summary>
        public static int ResolveDirectory(byte* path, Span<byte> resolved)
        {
            int length = FilePaths.Resolve(path, resolved);
            if (length < 0)
                return length;
            if (!FileNodes.Find(resolved.Slice(0, length), out FileNode node))
                return -ErrnoCodes.ENOENT;
            return node.Kind == FileNodeKind.Directory ? length : -ErrnoCodes.ENOTDIR;
        }

        /// <summary>Resolves and looks up <paramref name="path"/>: 0, or a negative errno.</summary>
        public static int Lookup(byte* path, out FileNode node)
        {
            node = default;
            Span<byte> resolved = stackalloc byte[FileLimits.PathBytesMax];
            int length = FilePaths.Resolve(path, resolved);
            if (length < 0)
                return length;
            return FileNodes.Find(resolved.Slice(0, length), out node) ? 0 : -ErrnoCodes.ENOENT;
        }

        private static int CheckOpen(in FileNode node, int flags)
        {
            int access = flags & OpenFlags.AccessModeMask;
            if (access == OpenFlags.AccessModeMask)
                return ErrnoCodes.EINVAL;
            if ((flags & (OpenFlags.Create | OpenFlags.Exclusive)) == (OpenFlags.Create | OpenFlags.Exclusive))
                return ErrnoCodes.EEXIST;
            if ((flags & OpenFlags.Directory) != 0 && node.Kind != FileNodeKind.Directory)
                return ErrnoCodes.ENOTDIR;
            if (node.Kind == FileNodeKind.Directory && access != OpenFlags.ReadOnly)
                return ErrnoCodes.EISDIR;
            if (node.Kind == FileNodeKind.Image && (access != OpenFlags.ReadOnly || (flags & OpenFlags.Truncate) != 0))
                return ErrnoCodes.EROFS;
            return 0;
        }

        // A new description for `node` behind the lowest free descriptor >= minimum: the
        // descriptor, or -EMFILE / -EINVAL.
        private static int Install(in FileNode node, int statusFlags, int descriptorFlags, int minimum)
        {
            if (minimum < 0 || minimum >= FileLimits.DescriptorCountMax)
                return -ErrnoCodes.EINVAL;
            s_lock.Lock();
            int descriptor = LowestFreeDescriptor(minimum);
            int description = FreeDescription();
            if (descriptor < 0 || description < 0)
            {
                s_lock.Unlock();
                return -ErrnoCodes.EMFILE;
            }
            ref Description entry = ref s_descriptions[description];
            entry = default;
            entry.Node = node;
            entry.StatusFlags = statusFlags;
            entry.References = 1;
            s_descriptionPlusOne[descriptor] = description + 1;
            s_descriptorFlags[descriptor] = descriptorFlags;
            s_lock.Unlock();
            return descriptor;
        }

        private static int LowestFreeDescriptor(int minimum)
        {
            for (int i = minimum; i < FileLimits.DescriptorCountMax; i++)
            {
                if (s_descriptionPlusOne[i] == 0)
                    return i;
            }
            return -1;
        }

        private static int FreeDescription()
        {
            for (int i = 0; i < FileLimits.DescriptorCountMax; i++)
            {
                if (s_descriptions[i].References == 0)
                    return i;
            }
            return -1;
        }

        // Under the lock: the description behind `descriptor`, or -1.
        private static int DescriptionOf(int descriptor)
        {
            if ((uint)descriptor >= FileLimits.DescriptorCountMax)
                return -1;
            return s_descriptionPlusOne[descriptor] - 1;
        }

        public static int Close(int descriptor)
        {
            s_lock.Lock();
            int description = DescriptionOf(descriptor);
            if (description >= 0)
            {
                s_descriptionPlusOne[descriptor] = 0;
                s_descriptorFlags[descriptor] = 0;
                Release(description);
            }
            s_lock.Unlock();
            return description < 0 ? (int)Fail(ErrnoCodes.EBADF) : 0;
        }

        private static void Release(int description)
        {
            ref Description entry = ref s_descriptions[description];
            entry.References--;
            if (entry.References > 0)
                return;
            if (entry.Node.Kind == FileNodeKind.Memory)
                OSv.Libc.Memory.Heap.Free(entry.Node.Data);
            entry = default;
        }

        public static long Read(int descriptor, byte* buffer, nuint count) => Transfer(descriptor, buffer, count, -1, false);

        public static long Write(int descriptor, byte* bytes, nuint count) => Transfer(descriptor, bytes, count, -1, true);

        /// <summary>pread(2): reads at <paramref name="offset"/> without moving the file offset.</summary>
        public static long ReadAt(int descriptor, byte* buffer, nuint count, long offset) =>
            offset < 0 ? Fail(ErrnoCodes.EINVAL) : Transfer(descriptor, buffer, count, offset, false);

        /// <summary>pwrite(2): writes at <paramref name="offset"/> without moving the file offset.</summary>
        public static long WriteAt(int descriptor, byte* bytes, nuint count, long offset) =>
            offset < 0 ? Fail(ErrnoCodes.EINVAL) : Transfer(descriptor, bytes, count, offset, true);

        // One read or write; `at` < 0 means "at the description's offset, then advance it".
        private static long Transfer(int descriptor, byte* bytes, nuint count, long at, bool writing)
        {
            long length = (ulong)count > long.MaxValue ? long.MaxValue : (long)count;
            if (bytes == null && length != 0)
                return Fail(ErrnoCodes.EFAULT);
            s_lock.Lock();
            int description = DescriptionOf(descriptor);
            if (description < 0)
                return Unlock(-ErrnoCodes.EBADF);
            ref Description entry = ref s_descriptions[description];
            int access = entry.StatusFlags & OpenFlags.AccessModeMask;
            if (access == (writing ? OpenFlags.ReadOnly : OpenFlags.WriteOnly))
                return Unlock(-ErrnoCodes.EBADF);
            switch (entry.Node.Kind)
            {
                case FileNodeKind.Console:
                    int stream = entry.Node.ConsoleStream;
                    s_lock.Unlock();
                    if (at >= 0)
                        return Fail(ErrnoCodes.ESPIPE);
                    return writing ? LibcConsole.Write(stream, bytes, length) : LibcConsole.Read(bytes, length);
                case FileNodeKind.Null:
                    return Unlock(writing ? length : 0);
                case FileNodeKind.Directory:
                    return Unlock(-(writing ? ErrnoCodes.EBADF : ErrnoCodes.EISDIR));
            }
            long offset = at >= 0 ? at : (writing && (entry.StatusFlags & OpenFlags.Append) != 0 ? entry.Node.Length : entry.Offset);
            long done = writing ? WriteMemory(ref entry, bytes, length, offset) : CopyOut(in entry, bytes, length, offset);
            if (done > 0 && at < 0)
                entry.Offset = offset + done;
            return Unlock(done);
        }

        private static long Unlock(long result)
        {
            s_lock.Unlock();
            return result < 0 ? Fail((int)-result) : result;
        }

        private static long CopyOut(in Description entry, byte* buffer, long count, long offset)
        {
            if (offset >= entry.Node.Length)
                return 0;
            long available = entry.Node.Length - offset;
            long copied = count < available ? count : available;
            Buffer.MemoryCopy(entry.Node.Data + offset, buffer, copied, copied);
            return copied;
        }

        private static long WriteMemory(ref Description entry, byte* bytes, long count, long offset)
        {
            if (entry.Node.Kind != FileNodeKind.Memory)
                return -ErrnoCodes.EBADF;
            long end = offset + count;
            if (end < offset)
                return -ErrnoCodes.EFBIG;
            if (end > entry.Capacity)
            {
                long capacity = entry.Capacity < MemoryFileInitialBytes ? MemoryFileInitialBytes : entry.Capacity;
                while (capacity < end)
                    capacity = capacity > long.MaxValue / 2 ? end : capacity * 2;
                byte* grown = OSv.Libc.Memory.Heap.Reallocate(entry.Node.Data, (nuint)capacity);
                if (grown == null)
                    return -ErrnoCodes.ENOSPC;
                entry.Node.Data = grown;
                entry.Capacity = capacity;
            }
            if (offset > entry.Node.Length)
                new Span<byte>(entry.Node.Data + entry.Node.Length, (int)(offset - entry.Node.Length)).Clear();
            Buffer.MemoryCopy(bytes, entry.Node.Data + offset, count, count);
            if (end > entry.Node.Length)
                entry.Node.Length = end;
            return count;
        }

        /// <summary>lseek(2). Consoles are pipes to it (ESPIPE); /dev/null stays at 0.</summary>
        public static long Seek(int descriptor, long offset, int whence)
        {
            s_lock.Lock();
            int description = DescriptionOf(descriptor);
            if (description < 0)
                return Unlock(-ErrnoCodes.EBADF);
            ref Description entry = ref s_descriptions[description];
            if (entry.Node.Kind == FileNodeKind.Console)
                return Unlock(-ErrnoCodes.ESPIPE);
            if (entry.Node.Kind == FileNodeKind.Null)
                return Unlock(0);
            long origin;
            if (whence == OpenFlags.SeekSet)
                origin = 0;
            else if (whence == OpenFlags.SeekCurrent)
                origin = entry.Offset;
            else if (whence == OpenFlags.SeekEnd)
                origin = entry.Node.Length;
            else
                return Unlock(-ErrnoCodes.EINVAL);
            long target = origin + offset;
            if ((offset > 0 && target < origin) || target < 0)
                return Unlock(-(target < 0 && offset > 0 ? ErrnoCodes.EOVERFLOW : ErrnoCodes.EINVAL));
            entry.Offset = target;
            return Unlock(target);
        }

        /// <summary>fstat(2): fills a 144-byte struct stat.</summary>
        public static int Stat(int descriptor, byte* stat)
        {
            if (stat == null)
                return (int)Fail(ErrnoCodes.EFAULT);
            s_lock.Lock();
            int description = DescriptionOf(descriptor);
            FileNode node = description < 0 ? default : s_descriptions[description].Node;
            s_lock.Unlock();
            if (description < 0)
                return (int)Fail(ErrnoCodes.EBADF);
            StatLayout.Fill(stat, node);
            return 0;
        }

        /// <summary>The console stream (0, 1, 2) behind <paramref name="descriptor"/>, or -1 if it
        /// is not open on the console.</summary>
        public static int ConsoleStreamOf(int descriptor)
        {
            s_lock.Lock();
            int description = DescriptionOf(descriptor);
            int stream = description >= 0 && s_descriptions[description].Node.Kind == FileNodeKind.Console
                ? s_descriptions[description].Node.ConsoleStream : -1;
            s_lock.Unlock();
            return stream;
        }

        public static bool IsOpen(int descriptor)
        {
            s_lock.Lock();
            bool open = DescriptionOf(descriptor) >= 0;
            s_lock.Unlock();
            return open;
        }

        /// <summary>isatty(3): 1 for a console descriptor the platform calls a terminal, else 0
        /// with errno ENOTTY (EBADF when not open).</summary>
        public static int IsTerminal(int descriptor)
        {
            if (!IsOpen(descriptor))
                return (int)Fail(ErrnoCodes.EBADF) + 1;
            int stream = ConsoleStreamOf(descriptor);
            if (stream >= 0 && LibcConsole.IsTerminal(stream))
                return 1;
            Errno.Set(ErrnoCodes.ENOTTY);
            return 0;
        }

        /// <summary>dup/F_DUPFD: the lowest free descriptor >= <paramref name="minimum"/> sharing
        /// <paramref name="descriptor"/>'s description.</summary>
        public static int Duplicate(int descriptor, int minimum, bool closeOnExec)
        {
            if (minimum < 0 || minimum >= FileLimits.DescriptorCountMax)
                return (int)Fail(ErrnoCodes.EINVAL);
            s_lock.Lock();
            int description = DescriptionOf(descriptor);
            if (description < 0)
                return (int)Unlock(-ErrnoCodes.EBADF);
            int copy = LowestFreeDescriptor(minimum);
            if (copy < 0)
                return (int)Unlock(-ErrnoCodes.EMFILE);
            Share(description, copy, closeOnExec);
            return (int)Unlock(copy);
        }

        /// <summary>dup2/dup3: makes <paramref name="target"/> share <paramref name="descriptor"/>'s
        /// description, closing what <paramref name="target"/> had.</summary>
        public static int DuplicateTo(int descriptor, int target, bool closeOnExec)
        {
            s_lock.Lock();
            int description = DescriptionOf(descriptor);
            if (description < 0 || (uint)target >= FileLimits.DescriptorCountMax)
                return (int)Unlock(-ErrnoCodes.EBADF);
            if (target == descriptor)
                return (int)Unlock(target);
            int previous = DescriptionOf(target);
            if (previous >= 0)
                Release(previous);
            Share(description, target, closeOnExec);
            return (int)Unlock(target);
        }

        private static void Share(int description, int descriptor, bool closeOnExec)
        {
            s_descriptions[description].References++;
            s_descriptionPlusOne[descriptor] = description + 1;
            s_descriptorFlags[descriptor] = closeOnExec ? OpenFlags.DescriptorCloseOnExec : 0;
        }

        /// <summary>fcntl(2) for F_DUPFD(_CLOEXEC), F_GETFD, F_SETFD, F_GETFL, F_SETFL; other
        /// commands are EINVAL.</summary>
        public static int Control(int descriptor, int command, long argument)
        {
            if (command == OpenFlags.DuplicateDescriptor || command == OpenFlags.DuplicateDescriptorCloseOnExec)
                return Duplicate(descriptor, argument < 0 || argument > int.MaxValue ? -1 : (int)argument,
                    command == OpenFlags.DuplicateDescriptorCloseOnExec);
            s_lock.Lock();
            int description = DescriptionOf(descriptor);
            if (description < 0)
                return (int)Unlock(-ErrnoCodes.EBADF);
            ref Description entry = ref s_descriptions[description];
            switch (command)
            {
                case OpenFlags.GetDescriptorFlags:
                    return (int)Unlock(s_descriptorFlags[descriptor]);
                case OpenFlags.SetDescriptorFlags:
                    s_descriptorFlags[descriptor] = (int)argument & OpenFlags.DescriptorCloseOnExec;
                    return (int)Unlock(0);
                case OpenFlags.GetStatusFlags:
                    return (int)Unlock(entry.StatusFlags);
                case OpenFlags.SetStatusFlags:
                    entry.StatusFlags = (entry.StatusFlags & ~OpenFlags.StatusChangeableMask)
                        | ((int)argument & OpenFlags.StatusChangeableMask);
                    return (int)Unlock(0);
                default:
                    return (int)Unlock(-ErrnoCodes.EINVAL);
            }
        }
    }
}
