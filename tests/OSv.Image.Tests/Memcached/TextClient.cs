// A minimal blocking client for memcached's text protocol, for the boot tests: raw bytes out,
// lines and exact-length blocks in, every read with a timeout so a dead server fails the test
// instead of hanging it.
using System;
using System.IO;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace OSv.Image.Tests.Memcached
{
    public sealed class TextClient : IDisposable
    {
        private static readonly TimeSpan ReplyTimeout = TimeSpan.FromSeconds(30);
        private readonly Socket socket;
        private readonly byte[] buffer = new byte[256 * 1024];
        private int start, end;

        private TextClient(Socket socket) => this.socket = socket;

        public static TextClient Connect(IPEndPoint endPoint)
        {
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            socket.ReceiveTimeout = (int)ReplyTimeout.TotalMilliseconds;
            socket.SendTimeout = (int)ReplyTimeout.TotalMilliseconds;
            socket.Connect(endPoint);
            return new TextClient(socket);
        }

        public void Send(ReadOnlySpan<byte> bytes)
        {
            while (bytes.Length > 0)
                bytes = bytes.Slice(socket.Send(bytes));
        }

        public void Send(string text) => Send(Encoding.ASCII.GetBytes(text));

        // The next line without its "\r\n"; IOException at the end of the stream.
        public string ReadLine()
        {
            while (true)
            {
                int newline = Array.IndexOf(buffer, (byte)'\n', start, end - start);
                if (newline >= 0)
                {
                    int length = newline - start;
                    if (length > 0 && buffer[newline - 1] == '\r')
                        length--;
                    string line = Encoding.ASCII.GetString(buffer, start, length);
                    start = newline + 1;
                    return line;
                }
                Fill();
            }
        }

        // Exactly count bytes, then the block's "\r\n".
        public byte[] ReadBlock(int count)
        {
            byte[] block = new byte[count];
            int copied = 0;
            while (copied < count)
            {
                if (start == end)
                    Fill();
                int take = Math.Min(count - copied, end - start);
                Array.Copy(buffer, start, block, copied, take);
                start += take;
                copied += take;
            }
            string terminator = ReadLine();
            if (terminator.Length != 0)
                throw new InvalidDataException("data block not followed by \\r\\n but by '" + terminator + "'");
            return block;
        }

        // True when the server closed the connection (read returns 0) within the timeout.
        public bool ReadsEndOfStream()
        {
            if (start != end)
                return false;
            try
            {
                return socket.Receive(buffer, 0, buffer.Length, SocketFlags.None) == 0;
            }
            catch (SocketException error) when (error.SocketErrorCode == SocketError.ConnectionReset)
            {
                return true;
            }
        }

        // "set": the reply line (STORED, or an error).
        public string Set(string key, ReadOnlySpan<byte> value, uint flags = 0)
        {
            Send("set " + key + " " + flags + " 0 " + value.Length + "\r\n");
            Send(value);
            Send("\r\n"u8);
            return ReadLine();
        }

        // "get" of one key: its value, or null on a miss.
        public byte[]? Get(string key)
        {
            Send("get " + key + "\r\n");
            string line = ReadLine();
            if (line == "END")
                return null;
            string[] words = line.Split(' ');
            if (words.Length != 4 || words[0] != "VALUE" || words[1] != key)
                throw new InvalidDataException("unexpected get reply: " + line);
            byte[] value = ReadBlock(int.Parse(words[3]));
            string endLine = ReadLine();
            if (endLine != "END")
                throw new InvalidDataException("get reply not ended by END but by " + endLine);
            return value;
        }

        // One "stats" value, by name.
        public long Stat(string name)
        {
            Send("stats\r\n");
            long? found = null;
            for (string line = ReadLine(); line != "END"; line = ReadLine())
            {
                string[] words = line.Split(' ');
                if (words.Length == 3 && words[1] == name)
                    found = long.Parse(words[2]);
            }
            return found ?? throw new InvalidDataException("no stat " + name);
        }

        private void Fill()
        {
            if (start == end)
                start = end = 0;
            else if (end == buffer.Length)
            {
                Array.Copy(buffer, start, buffer, 0, end - start);
                end -= start;
                start = 0;
            }
            int received = socket.Receive(buffer, end, buffer.Length - end, SocketFlags.None);
            if (received == 0)
                throw new IOException("the server closed the connection");
            end += received;
        }

        public void Dispose() => socket.Dispose();
    }
}
