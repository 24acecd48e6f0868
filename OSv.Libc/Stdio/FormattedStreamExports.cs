// The formatted stream functions the variadic shims (Abi/X64) call with a built va_list:
// vfprintf, vprintf, vdprintf, their __*_chk forms, and vfscanf/vscanf with their __isoc99_ and
// __isoc23_ names. Formatting itself is OSv.Libc.Format's engines, specialised here for a
// stream sink, a descriptor sink and a stream source (StreamFormatting.cs).
namespace OSv.Libc.Stdio
{
    using System;
    using System.Runtime.InteropServices;
    using OSv.Libc.Abi;
    using OSv.Libc.Errors;
    using OSv.Libc.Files;
    using OSv.Libc.Format;

    public static unsafe class FormattedStreamExports
    {
        private const int EndOfFile = FileLayout.EndOfFile;

        public static void Register(ExportTable table)
        {
            RegisterFormatted(table);
        }

        private static void RegisterFormatted(ExportTable table)
        {
            table.Add("vfprintf"u8, (nint)(delegate* unmanaged<byte*, byte*, VaList*, int>)&FormatToStream);
            table.Add("vprintf"u8, (nint)(delegate* unmanaged<byte*, VaList*, int>)&FormatToStandardOutput);
            table.Add("vdprintf"u8, (nint)(delegate* unmanaged<int, byte*, VaList*, int>)&FormatToDescriptor);
            table.Add("__vfprintf_chk"u8, (nint)(delegate* unmanaged<byte*, int, byte*, VaList*, int>)&FormatToStreamChecked);
            table.Add("__vprintf_chk"u8, (nint)(delegate* unmanaged<int, byte*, VaList*, int>)&FormatToStandardOutputChecked);
            table.Add("__vdprintf_chk"u8, (nint)(delegate* unmanaged<int, int, byte*, VaList*, int>)&FormatToDescriptorChecked);
            nint scanStream = (nint)(delegate* unmanaged<byte*, byte*, VaList*, int>)&ScanStream;
            table.Add("vfscanf"u8, scanStream);
            table.Add("__isoc99_vfscanf"u8, scanStream);
            table.Add("__isoc23_vfscanf"u8, scanStream);
            nint scanInput = (nint)(delegate* unmanaged<byte*, VaList*, int>)&ScanStandardInput;
            table.Add("vscanf"u8, scanInput);
            table.Add("__isoc99_vscanf"u8, scanInput);
            table.Add("__isoc23_vscanf"u8, scanInput);
        }

        // ---- formatted I/O (the variadic shims' targets) ---------------------------------------

        [UnmanagedCallersOnly]
        public static int FormatToStream(byte* file, byte* format, VaList* arguments) =>
            FormatToStreamCore(Streams.FromFile(file), format, arguments);

        [UnmanagedCallersOnly]
        public static int FormatToStandardOutput(byte* format, VaList* arguments) =>
            FormatToStreamCore(Streams.StandardOutput, format, arguments);

        // _FORTIFY_SOURCE forms: the flag asks for %n checks, which our engine applies anyway.
        [UnmanagedCallersOnly]
        public static int FormatToStreamChecked(byte* file, int flag, byte* format, VaList* arguments) =>
            FormatToStreamCore(Streams.FromFile(file), format, arguments);

        [UnmanagedCallersOnly]
        public static int FormatToStandardOutputChecked(int flag, byte* format, VaList* arguments) =>
            FormatToStreamCore(Streams.StandardOutput, format, arguments);

        [UnmanagedCallersOnly]
        public static int FormatToDescriptor(int descriptor, byte* format, VaList* arguments) =>
            FormatToDescriptorCore(descriptor, format, arguments);

        [UnmanagedCallersOnly]
        public static int FormatToDescriptorChecked(int descriptor, int flag, byte* format, VaList* arguments) =>
            FormatToDescriptorCore(descriptor, format, arguments);

        private static int FormatToStreamCore(StdioStream? stream, byte* format, VaList* arguments)
        {
            if (stream == null || !stream.InUse)
                return -1;
            if (format == null || arguments == null)
            {
                Errno.Set(ErrnoCodes.EINVAL);
                return -1;
            }
            stream.Lock.Lock();
            long produced;
            bool failed;
            if (stream.Mode == BufferMode.None)
            {
                byte* chunk = stackalloc byte[ChunkedSink<StreamTarget>.ChunkBytes];
                var chunked = new ChunkedSink<StreamTarget>(new StreamTarget(stream), chunk);
                produced = Printf.Format(ref chunked, format, ref *arguments);
                chunked.Flush();
                failed = chunked.Failed;
            }
            else
            {
                var sink = new StreamSink(stream);
                produced = Printf.Format(ref sink, format, ref *arguments);
                failed = sink.Failed;
            }
            stream.Lock.Unlock();
            return FormatResult(produced, failed);
        }

        private static int FormatToDescriptorCore(int descriptor, byte* format, VaList* arguments)
        {
            if (format == null || arguments == null)
            {
                Errno.Set(ErrnoCodes.EINVAL);
                return -1;
            }
            if (!FileDescriptorTable.IsOpen(descriptor))
            {
                Errno.Set(ErrnoCodes.EBADF);
                return -1;
            }
            byte* chunk = stackalloc byte[ChunkedSink<DescriptorTarget>.ChunkBytes];
            var sink = new ChunkedSink<DescriptorTarget>(new DescriptorTarget(descriptor), chunk);
            long produced = Printf.Format(ref sink, format, ref *arguments);
            sink.Flush();
            return FormatResult(produced, sink.Failed);
        }

        // printf's count is an int: more is EOVERFLOW (C11 7.21.6.1p15, POSIX).
        private static int FormatResult(long produced, bool failed)
        {
            if (failed || produced < 0)
                return -1;
            if (produced > int.MaxValue)
            {
                Errno.Set(ErrnoCodes.EOVERFLOW);
                return -1;
            }
            return (int)produced;
        }

        [UnmanagedCallersOnly]
        public static int ScanStream(byte* file, byte* format, VaList* arguments) =>
            ScanCore(Streams.FromFile(file), format, arguments);

        [UnmanagedCallersOnly]
        public static int ScanStandardInput(byte* format, VaList* arguments) =>
            ScanCore(Streams.StandardInput, format, arguments);

        private static int ScanCore(StdioStream? stream, byte* format, VaList* arguments)
        {
            if (stream == null || !stream.InUse)
                return EndOfFile;
            if (format == null || arguments == null)
            {
                Errno.Set(ErrnoCodes.EINVAL);
                return EndOfFile;
            }
            stream.Lock.Lock();
            var source = new StreamSource(stream);
            int assigned = Scanf.Scan(ref source, format, ref *arguments);
            stream.Lock.Unlock();
            return assigned;
        }
    }
}
