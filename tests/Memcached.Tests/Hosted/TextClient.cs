// A blocking text-protocol client for the hosted tests: send a request, read reply lines and
// data blocks with a timeout, so a server that never answers fails the test instead of hanging.
using System;
using System.IO;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Memcached.Tests.Hosted
{
    internal sealed class TextClient : IDisposable
    {
        public const int ReplyTimeoutMs = 15_000;

        private readonly Socket socket;
        private readonly BufferedStream stream;

        public TextClient(int port)
        {
            socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            socket.ReceiveTimeout = ReplyTimeoutMs;
            socket.SendTimeout = ReplyTimeoutMs;
            socket.Connect(new IPEndPoint(IPAddress.Loopback, port));
            stream = new BufferedStream(new NetworkStream(socket, ownsSocket: false), 64 * 1024);
        }

        public void Send(string text) => Send(Encoding.Latin1.GetBytes(text));

        public void Send(byte[] bytes)
        {
            stream.Write(bytes);
            stream.Flush();
        }

        // One reply line without its "\r\n"; null at end of stream.
        public string? ReadLine()
        {
            StringBuilder line = new StringBuilder();
            while (true)
            {
                int value = stream.ReadByte();
                if (value < 0)
                    return line.Length == 0 ? null : line.ToString();
                if (value == '\n')
                    return line.ToString().TrimEnd('\r');
                line.Append((char)value);
            }
        }

        public byte[] ReadBlock(int length)
        {
            byte[] block = new byte[length + 2];
            stream.ReadExactly(block);
            if (block[length] != '\r' || block[length + 1] != '\n')
                throw new InvalidDataException("data block not ended by \\r\\n");
            Array.Resize(ref block, length);
            return block;
        }

        public string Set(string key, uint flags, byte[] value)
        {
            byte[] line = Encoding.Latin1.GetBytes("set " + key + " " + flags + " 0 " + value.Length + "\r\n");
            byte[] request = new byte[line.Length + value.Length + 2];
            line.CopyTo(request, 0);
            value.CopyTo(request, line.Length);
            request[^2] = (byte)'\r';
            request[^1] = (byte)'\n';
            Send(request);
            return ReadLine() ?? "<closed>";
        }

        // The value and flags stored under key, or null when it is absent.
        public (uint Flags, byte[] Value)? Get(string key)
        {
            Send("get " + key + "\r\n");
            string line = ReadLine() ?? throw new InvalidDataException("connection closed");
            if (line == "END")
                return null;
            string[] words = line.Split(' ');
            if (words.Length != 4 || words[0] != "VALUE" || words[1] != key)
                throw new InvalidDataException("unexpected reply: " + line);
            byte[] value = ReadBlock(int.Parse(words[3]));
            string end = ReadLine() ?? "<closed>";
            if (end != "END")
                throw new InvalidDataException("expected END, got " + end);
            return (uint.Parse(words[2]), value);
        }

        // Every (key, flags, value) a multi-key get returns, in reply order.
        public System.Collections.Generic.List<(string Key, uint Flags, byte[] Value)> GetMany(string[] keys)
        {
            Send("get " + string.Join(' ', keys) + "\r\n");
            var found = new System.Collections.Generic.List<(string, uint, byte[])>();
            for (string? line = ReadLine(); line != "END"; line = ReadLine())
            {
                string[] words = line?.Split(' ') ?? throw new InvalidDataException("connection closed");
                if (words.Length != 4 || words[0] != "VALUE")
                    throw new InvalidDataException("unexpected reply: " + line);
                found.Add((words[1], uint.Parse(words[2]), ReadBlock(int.Parse(words[3]))));
            }
            return found;
        }

        public string Delete(string key)
        {
            Send("delete " + key + "\r\n");
            return ReadLine() ?? "<closed>";
        }

        // The value of one general stat ("STAT name value").
        public long Stat(string name)
        {
            Send("stats\r\n");
            long found = -1;
            for (string? line = ReadLine(); line != null && line != "END"; line = ReadLine())
            {
                string[] words = line.Split(' ');
                if (words.Length == 3 && words[1] == name)
                    found = long.Parse(words[2]);
            }
            return found;
        }

        public void Dispose()
        {
            stream.Dispose();
            socket.Dispose();
        }
    }
}
