// One C stream (a FILE): glibc's buffer protocol over a file descriptor, so that code compiled
// against glibc's headers, which reads and writes through the FILE's own pointers, agrees with
// our functions about every byte. The buffer [BufferBase, BufferEnd) is in one of three states:
//
//   idle     all six pointers at BufferBase (or all null before the first I/O): every inline
//            getc and putc falls to __uflow / __overflow.
//   reading  [ReadBase, ReadEnd) holds bytes read from the descriptor, ReadPointer the next one;
//            the write pointers are idle, so an inline putc takes the slow path, which first
//            seeks the descriptor back over the unread bytes (the "switch direction" rule).
//   writing  [WriteBase, WritePointer) holds bytes not yet written; WriteEnd is BufferEnd when
//            fully buffered, and WritePointer itself when line-buffered or unbuffered (glibc's
//            trick: every inline putc then calls __overflow, which can flush at '\n'). The read
//            pointers are idle.
//
// Invariant tying the stream to its descriptor: the descriptor's offset is the stream's
// position plus the unread bytes (reading) or minus the unwritten bytes (writing); ftell is
// computed from it, fseek restores it. ungetc pushes into the slot's pushback area: the read
// pointers move there (InBackup) and come back to the saved main area when it is consumed.
//
// End of file is sticky (C11 7.21.7.1, glibc >= 2.28): once seen, reads return EOF without
// calling read until clearerr, fseek or ungetc. Callers hold Lock except in *_unlocked paths.
namespace OSv.Libc.Stdio
{
    using System;
    using OSv.Libc.Errors;
    using OSv.Libc.Files;
    using L = FileLayout;

    public enum BufferMode
    {
        Full = 0,
        Line = 1,
        None = 2,
    }

    public sealed unsafe class StdioStream
    {
        /// <summary>BUFSIZ, and the size of each stream's own buffer (one page).</summary>
        public const int BufferBytes = 4096;

        private byte* _ownBuffer;
        private byte* _userBuffer;
        private long _userBufferBytes;
        private bool _readable, _writable, _reading, _writing, _inBackup, _modeChosen;
        private int _consoleStream;
        private byte* _savedReadPointer, _savedReadEnd;

        public StdioStream(byte* file)
        {
            File = file;
        }

        /// <summary>The C `FILE*` of this stream.</summary>
        public byte* File { get; }

        /// <summary>flockfile's lock: recursive, and taken by every locking stdio function.</summary>
        public OSv.Core.Sync.Mutex Lock { get; } = new OSv.Core.Sync.Mutex();

        public bool InUse { get; private set; }

        public int Descriptor { get; private set; }

        public BufferMode Mode { get; private set; }

        private ref int Flags => ref *(int*)(File + L.FlagsOffset);
        private ref byte* ReadPointer => ref *(byte**)(File + L.ReadPointerOffset);
        private ref byte* ReadEnd => ref *(byte**)(File + L.ReadEndOffset);
        private ref byte* ReadBase => ref *(byte**)(File + L.ReadBaseOffset);
        private ref byte* WriteBase => ref *(byte**)(File + L.WriteBaseOffset);
        private ref byte* WritePointer => ref *(byte**)(File + L.WritePointerOffset);
        private ref byte* WriteEnd => ref *(byte**)(File + L.WriteEndOffset);
        private ref byte* BufferBase => ref *(byte**)(File + L.BufferBaseOffset);
        private ref byte* BufferEnd => ref *(byte**)(File + L.BufferEndOffset);

        public bool AtEndOfFile => (Flags & L.EndOfFileSeen) != 0;

        public bool HasError => (Flags & L.ErrorSeen) != 0;

        public void ClearIndicators() => Flags &= ~(L.EndOfFileSeen | L.ErrorSeen);

        public void ClearErrorOnly() => Flags &= ~L.ErrorSeen;

        public void SetErrorOnly() => Flags |= L.ErrorSeen;

        /// <summary>Binds the slot to <paramref name="descriptor"/> with a fresh state (fopen,
        /// fdopen, freopen). The buffering mode is chosen at the first I/O unless forced.</summary>
        public void Open(int descriptor, bool readable, bool writable, BufferMode? forcedMode = null)
        {
            new Span<byte>(File, L.SlotBytes).Clear();
            Flags = L.Magic | (readable ? 0 : L.NoReads) | (writable ? 0 : L.NoWrites);
            *(int*)(File + L.DescriptorOffset) = descriptor;
            Descriptor = descriptor;
            _readable = readable;
            _writable = writable;
            _reading = _writing = _inBackup = false;
            _userBuffer = null;
            _modeChosen = forcedMode.HasValue;
            Mode = forcedMode ?? BufferMode.Full;
            ApplyModeFlags();
            InUse = true;
        }

        /// <summary>Marks the slot free; the caller has flushed and closed.</summary>
        public void Release()
        {
            InUse = false;
            new Span<byte>(File, L.SlotBytes).Clear();
        }

        // ---- buffer set-up -------------------------------------------------------------------

        // glibc's rule (_IO_file_doallocate): a terminal is line-buffered, anything else full.
        private void ChooseMode()
        {
            _consoleStream = FileDescriptorTable.ConsoleStreamOf(Descriptor);
            if (!_modeChosen)
                Mode = _consoleStream >= 0 && LibcConsole.IsTerminal(_consoleStream) ? BufferMode.Line : BufferMode.Full;
            _modeChosen = true;
            ApplyModeFlags();
        }

        private void ApplyModeFlags()
        {
            Flags &= ~(L.LineBuffered | L.Unbuffered | L.UserBuffer);
            if (Mode == BufferMode.Line)
                Flags |= L.LineBuffered;
            else if (Mode == BufferMode.None)
                Flags |= L.Unbuffered;
            if (_userBuffer != null)
                Flags |= L.UserBuffer;
        }

        private void EnsureBuffer()
        {
            if (BufferBase != null)
                return;
            ChooseMode();
            byte* start;
            long length;
            if (Mode == BufferMode.None)
            {
                start = File + L.ShortBufferOffset;
                length = 1;
            }
            else if (_userBuffer != null)
            {
                start = _userBuffer;
                length = _userBufferBytes;
            }
            else
            {
                if (_ownBuffer == null)
                    _ownBuffer = OSv.Libc.Memory.PageSource.Allocate(BufferBytes);
                start = _ownBuffer != null ? _ownBuffer : File + L.ShortBufferOffset;
                length = _ownBuffer != null ? BufferBytes : 1;
            }
            BufferBase = start;
            BufferEnd = start + length;
            SetIdle();
        }

        private void SetIdle()
        {
            byte* start = BufferBase;
            ReadBase = ReadPointer = ReadEnd = start;
            WriteBase = WritePointer = WriteEnd = start;
            _reading = _writing = _inBackup = false;
            Flags &= ~(L.CurrentlyPutting | L.InBackup);
        }

        /// <summary>setvbuf: flushes, then uses <paramref name="buffer"/> (or our own when null)
        /// in <paramref name="mode"/> from the next I/O on. Returns 0, or -1 (EINVAL, or a failed
        /// flush).</summary>
        public int SetBuffering(byte* buffer, int mode, nuint size)
        {
            if (mode < (int)BufferMode.Full || mode > (int)BufferMode.None)
            {
                Errno.Set(ErrnoCodes.EINVAL);
                return -1;
            }
            if (Synchronize() != 0)
                return -1;
            bool useCallers = mode != (int)BufferMode.None && buffer != null && size > 0;
            _userBuffer = useCallers ? buffer : null;
            _userBufferBytes = useCallers ? (long)(size > int.MaxValue ? int.MaxValue : size) : 0;
            Mode = (BufferMode)mode;
            _modeChosen = true;
            BufferBase = BufferEnd = null;
            ReadBase = ReadPointer = ReadEnd = null;
            WriteBase = WritePointer = WriteEnd = null;
            _reading = _writing = _inBackup = false;
            ApplyModeFlags();
            return 0;
        }

        // ---- reading -------------------------------------------------------------------------

        /// <summary>getc without the lock: the inline fast path, then __uflow.</summary>
        public int GetByte() => ReadPointer < ReadEnd ? *ReadPointer++ : Underflow(true);

        /// <summary>__uflow (advance) and __underflow (peek): the next byte, refilling the buffer
        /// from the descriptor when it is empty; EOF at end of file or on error.</summary>
        public int Underflow(bool advance)
        {
            if (!_readable)
                return FailStream(ErrnoCodes.EBADF);
            if (_inBackup)
                LeaveBackup();
            if (ReadPointer < ReadEnd)
                return Take(advance);
            if (AtEndOfFile)
                return L.EndOfFile;
            if (_writing && FlushWrites() != 0)
                return L.EndOfFile;
            EnsureBuffer();
            if (_consoleStream == LibcConsole.InputStream)
                Streams.FlushLineBufferedOutput(this);
            long read = FileDescriptorTable.Read(Descriptor, BufferBase, (nuint)(BufferEnd - BufferBase));
            SetIdle();
            _reading = true;
            if (read < 0)
            {
                Flags |= L.ErrorSeen;
                return L.EndOfFile;
            }
            if (read == 0)
            {
                Flags |= L.EndOfFileSeen;
                return L.EndOfFile;
            }
            ReadEnd = BufferBase + read;
            return Take(advance);
        }

        private int Take(bool advance)
        {
            int value = *ReadPointer;
            if (advance)
                ReadPointer++;
            return value;
        }

        /// <summary>fread's core: up to <paramref name="count"/> bytes; fewer at EOF or error.</summary>
        public long Read(byte* destination, long count)
        {
            long done = 0;
            while (done < count)
            {
                long available = ReadEnd - ReadPointer;
                if (available > 0)
                {
                    long taken = available < count - done ? available : count - done;
                    Buffer.MemoryCopy(ReadPointer, destination + done, taken, taken);
                    ReadPointer += taken;
                    done += taken;
                    continue;
                }
                if (Underflow(false) == L.EndOfFile)
                    break;
            }
            return done;
        }

        /// <summary>The unread bytes of the buffer as a span (for line scanning); empty when a
        /// refill is needed.</summary>
        public ReadOnlySpan<byte> Buffered
        {
            get
            {
                long available = ReadEnd - ReadPointer;
                return available <= 0 ? default : new ReadOnlySpan<byte>(ReadPointer, available > int.MaxValue ? int.MaxValue : (int)available);
            }
        }

        /// <summary>Consumes <paramref name="count"/> bytes of <see cref="Buffered"/>.</summary>
        public void Consume(int count) => ReadPointer += count;

        /// <summary>ungetc: pushes <paramref name="value"/> back; EOF if it is EOF or the pushback
        /// area is full.</summary>
        public int Unget(int value)
        {
            if (value == L.EndOfFile)
                return L.EndOfFile;
            if (_writing)
            {
                if (FlushWrites() != 0)
                    return L.EndOfFile;
                SetIdle();
            }
            byte pushed = (byte)value;
            if (!_inBackup && ReadPointer > ReadBase && ReadPointer[-1] == pushed)
            {
                ReadPointer--;
            }
            else
            {
                if (!_inBackup)
                    EnterBackup();
                if (ReadPointer <= ReadBase)
                    return L.EndOfFile;
                *--ReadPointer = pushed;
            }
            _reading = true;
            Flags &= ~L.EndOfFileSeen;
            return pushed;
        }

        private void EnterBackup()
        {
            _savedReadPointer = ReadPointer;
            _savedReadEnd = ReadEnd;
            ReadBase = File + L.PushbackOffset;
            ReadPointer = ReadEnd = File + L.PushbackOffset + L.PushbackBytes;
            _inBackup = true;
            Flags |= L.InBackup;
        }

        private void LeaveBackup()
        {
            ReadBase = BufferBase;
            ReadPointer = _savedReadPointer;
            ReadEnd = _savedReadEnd;
            _inBackup = false;
            Flags &= ~L.InBackup;
        }

        // ---- writing -------------------------------------------------------------------------

        /// <summary>putc without the lock: the inline fast path, then __overflow.</summary>
        public int PutByte(int value)
        {
            if (WritePointer < WriteEnd)
            {
                *WritePointer++ = (byte)value;
                return (byte)value;
            }
            return Overflow((byte)value);
        }

        /// <summary>__overflow: stores <paramref name="value"/> (EOF: only flushes), flushing a
        /// full buffer first and, when line-buffered, after a newline.</summary>
        public int Overflow(int value)
        {
            if (!BeginWriting())
                return L.EndOfFile;
            if (value == L.EndOfFile)
                return FlushWrites() == 0 ? 0 : L.EndOfFile;
            if (WritePointer >= BufferEnd && FlushWrites() != 0)
                return L.EndOfFile;
            *WritePointer++ = (byte)value;
            if (Mode == BufferMode.None || (Mode == BufferMode.Line && value == '\n'))
            {
                if (FlushWrites() != 0)
                    return L.EndOfFile;
            }
            else if (Mode == BufferMode.Line)
            {
                WriteEnd = WritePointer;
            }
            return (byte)value;
        }

        /// <summary>fwrite's core: the bytes accepted (fewer only on error). Runs larger than the
        /// buffer, and everything when unbuffered, go straight to the descriptor.</summary>
        public long Write(byte* source, long count)
        {
            if (count <= 0)
                return 0;
            if (!BeginWriting())
                return 0;
            long done = 0;
            while (done < count)
            {
                long remaining = count - done;
                if (WritePointer == WriteBase && remaining >= BufferEnd - BufferBase)
                {
                    done += WriteDirect(source + done, remaining);
                    if (done < count)
                        return done;
                    break;
                }
                long room = BufferEnd - WritePointer;
                if (room == 0)
                {
                    if (FlushWrites() != 0)
                        return done;
                    continue;
                }
                long copied = room < remaining ? room : remaining;
                Buffer.MemoryCopy(source + done, WritePointer, copied, copied);
                WritePointer += copied;
                done += copied;
            }
            if (Mode == BufferMode.Line && ContainsNewline(source, count))
                FlushWrites();
            else if (Mode == BufferMode.Line)
                WriteEnd = WritePointer;
            return done;
        }

        private static bool ContainsNewline(byte* bytes, long count) =>
            count > int.MaxValue || new ReadOnlySpan<byte>(bytes, (int)count).IndexOf((byte)'\n') >= 0;

        private bool BeginWriting()
        {
            if (!_writable)
            {
                FailStream(ErrnoCodes.EBADF);
                return false;
            }
            if (_writing)
                return true;
            if (_reading || _inBackup)
                DiscardReadBuffer();
            EnsureBuffer();
            SetIdle();
            WriteEnd = Mode == BufferMode.Full ? BufferEnd : BufferBase;
            _writing = true;
            Flags |= L.CurrentlyPutting;
            return true;
        }

        private long WriteDirect(byte* source, long count)
        {
            long done = 0;
            while (done < count)
            {
                long written = FileDescriptorTable.Write(Descriptor, source + done, (nuint)(count - done));
                if (written <= 0)
                {
                    Flags |= L.ErrorSeen;
                    break;
                }
                done += written;
            }
            return done;
        }

        // Writes the pending bytes; 0, or -1 with the error indicator set (the bytes are dropped,
        // as retrying a failing device forever helps no one).
        private int FlushWrites()
        {
            if (!_writing)
                return 0;
            long pending = WritePointer - WriteBase;
            long written = pending > 0 ? WriteDirect(WriteBase, pending) : 0;
            WritePointer = WriteBase;
            WriteEnd = Mode == BufferMode.Full ? BufferEnd : BufferBase;
            return written == pending ? 0 : -1;
        }

        // ---- positioning and synchronising ---------------------------------------------------

        // Bytes read from the descriptor but not yet consumed from the main buffer.
        private long UnreadFileBytes => _inBackup ? _savedReadEnd - _savedReadPointer : (_reading ? ReadEnd - ReadPointer : 0);

        // Before writing after reading: put the descriptor back where the reader is.
        private void DiscardReadBuffer()
        {
            long unread = UnreadFileBytes;
            if (unread > 0)
            {
                int saved = Errno.Get();
                FileDescriptorTable.Seek(Descriptor, -unread, OpenFlags.SeekCurrent);
                Errno.Set(saved);
            }
            SetIdle();
        }

        /// <summary>fflush on this stream: writes pending output; for input, gives unread bytes
        /// back to a seekable descriptor (kept when it cannot seek, as glibc does).</summary>
        public int Synchronize()
        {
            if (_writing)
                return FlushWrites();
            long unread = UnreadFileBytes;
            if (unread == 0 && !_inBackup)
                return 0;
            int saved = Errno.Get();
            if (FileDescriptorTable.Seek(Descriptor, -unread, OpenFlags.SeekCurrent) >= 0)
            {
                SetIdle();
                return 0;
            }
            bool unseekable = Errno.Get() == ErrnoCodes.ESPIPE;
            if (unseekable)
                Errno.Set(saved);
            return unseekable ? 0 : -1;
        }

        /// <summary>ftell: the descriptor's offset corrected for buffered bytes, or -1.</summary>
        public long Tell()
        {
            long position = FileDescriptorTable.Seek(Descriptor, 0, OpenFlags.SeekCurrent);
            if (position < 0)
                return -1;
            if (_writing)
                return position + (WritePointer - WriteBase);
            position -= UnreadFileBytes;
            if (_inBackup)
                position -= ReadEnd - ReadPointer;
            return position < 0 ? 0 : position;
        }

        /// <summary>fseek: 0, or -1 with errno (EINVAL, ESPIPE...). Clears end of file and drops
        /// pushed-back bytes.</summary>
        public int Seek(long offset, int whence)
        {
            if (whence < OpenFlags.SeekSet || whence > OpenFlags.SeekEnd)
            {
                Errno.Set(ErrnoCodes.EINVAL);
                return -1;
            }
            if (FlushWrites() != 0)
                return -1;
            if (whence == OpenFlags.SeekCurrent)
            {
                long here = Tell();
                if (here < 0)
                    return -1;
                offset += here;
                whence = OpenFlags.SeekSet;
            }
            if (FileDescriptorTable.Seek(Descriptor, offset, whence) < 0)
                return -1;
            if (BufferBase != null || _inBackup)
            {
                if (_inBackup)
                    LeaveBackup();
                SetIdle();
            }
            Flags &= ~L.EndOfFileSeen;
            return 0;
        }

        /// <summary>fclose's work: flush, close the descriptor, free the slot. 0 or EOF.</summary>
        public int Close()
        {
            int flushed = Synchronize();
            int closed = FileDescriptorTable.Close(Descriptor);
            Release();
            return flushed == 0 && closed == 0 ? 0 : L.EndOfFile;
        }

        /// <summary>Whether unwritten line-buffered output is waiting (read-triggered flushes).</summary>
        public bool HasPendingLineOutput => _writing && Mode == BufferMode.Line && WritePointer > WriteBase;

        /// <summary>Writes pending output, if any; for flushes not aimed at this stream.</summary>
        public int FlushOutput() => _writing ? FlushWrites() : 0;

        private int FailStream(int code)
        {
            Flags |= L.ErrorSeen;
            Errno.Set(code);
            return L.EndOfFile;
        }
    }
}
