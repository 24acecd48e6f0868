#!/usr/bin/env python3
# Regenerates BinaryConformanceTests.cs: runs each scenario below against a fresh memcached
# (/usr/bin/memcached, loopback port PORT) on one connection and records its exact replies.
#   python3 BinaryConformanceTests.gen.py > BinaryConformanceTests.cs
import socket, struct, subprocess, time, sys
PORT=21812
def req(op, key=b'', extras=b'', value=b'', opaque=0, cas=0, magic=0x80, bodylen=None):
    bl = len(key)+len(extras)+len(value) if bodylen is None else bodylen
    return struct.pack('>BBHBBHIIQ', magic, op, len(key), len(extras), 0, 0, bl, opaque, cas) + extras + key + value
def SET(k,v,f=0,e=0,cas=0,op=1,opaque=0): return req(op,k,struct.pack('>II',f,e),v,opaque,cas)
def ARITH(op,k,delta,initial,exp,cas=0,opaque=0): return req(op,k,struct.pack('>QQI',delta,initial,exp),opaque=opaque,cas=cas)
NOOP=req(0x0a)
S={}
S['SetThenGetVariants']=[SET(b'k',b'abc',f=5,opaque=7), req(0,b'k',opaque=9), req(0x0c,b'k'), req(9,b'k'), req(0x0d,b'k',opaque=1)]
S['GetMissVariants']=[req(0,b'zz',opaque=3), req(0x0c,b'zz'), req(9,b'zz')+NOOP, req(0x0d,b'zz')+NOOP]
S['AddVariants']=[SET(b'a',b'1',op=2), SET(b'a',b'2',op=2), SET(b'a',b'3',op=0x12), SET(b'b',b'4',op=0x12)+NOOP, req(0,b'a'), req(0,b'b')]
S['ReplaceVariants']=[SET(b'r',b'1',op=3), SET(b'r',b'1',op=0x13), SET(b'r',b'x'), SET(b'r',b'yy',f=9,op=3), SET(b'r',b'zzz',op=0x13)+NOOP, req(0,b'r')]
S['AppendPrependVariants']=[req(0x0e,b'p',value=b'x'), SET(b'p',b'mid',f=3), req(0x0e,b'p',value=b'>'), req(0x0f,b'p',value=b'<'), req(0x19,b'p',value=b']'), req(0x1a,b'p',value=b'[')+NOOP, req(0,b'p'), req(0x19,b'none',value=b'x')+NOOP, req(0x0f,b'none',value=b'x')]
S['CasVariants']=[SET(b'c',b'v1'), SET(b'c',b'v2',cas=999), SET(b'c',b'v3',cas=1), SET(b'gone',b'v',cas=5), SET(b'c',b'v4',op=2,cas=999), SET(b'c',b'v5',op=3,cas=2), req(0,b'c'), req(0x0e,b'c',value=b'!',cas=1), req(0x0e,b'c',value=b'!',cas=3), req(0,b'c')]
S['DeleteVariants']=[req(4,b'd'), SET(b'd',b'v'), req(4,b'd',cas=77), req(4,b'd',cas=1), req(0,b'd'), req(0x14,b'd')+NOOP, SET(b'd',b'w'), req(0x14,b'd')+NOOP, req(0,b'd')]
S['ArithmeticVariants']=[ARITH(5,b'n',2,10,0,opaque=4), ARITH(5,b'n',2,10,0), ARITH(6,b"n",2,10,0), ARITH(5,b'm',2,10,0xffffffff), ARITH(6,b'm',2,10,0xffffffff), ARITH(0x15,b'n',5,0,0)+NOOP, ARITH(0x16,b'n',1,0,0)+NOOP, req(0,b'n'), SET(b's',b'abc'), ARITH(5,b's',1,0,0), ARITH(5,b'n',1,0,0,cas=999), ARITH(5,b'n',1,0,0,cas=3), SET(b'w',b'18446744073709551615'), ARITH(5,b'w',2,0,0), ARITH(0x15,b'q',1,7,0)+NOOP, req(0,b'q'), ARITH(0x16,b'x',1,0,0xffffffff)+NOOP]
S['TouchGatVariants']=[SET(b't',b'val',f=8), req(0x1c,b't',struct.pack('>I',100),opaque=2), req(0x1c,b'zz',struct.pack('>I',100)), req(0x1d,b't',struct.pack('>I',100)), req(0x1e,b't',struct.pack('>I',100)), req(0x23,b't',struct.pack('>I',100)), req(0x24,b't',struct.pack('>I',100)), req(0x23,b'zz',struct.pack('>I',100)), req(0x1e,b'zz',struct.pack('>I',100))+NOOP, req(0x24,b'zz',struct.pack('>I',100))+NOOP, req(0x1d,b'zz',struct.pack('>I',100))]
S['FlushVariants']=[SET(b'f',b'1'), req(8), req(0,b'f'), SET(b'f',b'2'), req(0x18)+NOOP, req(0,b'f'), SET(b'f',b'3'), req(8,extras=struct.pack('>I',0),opaque=6), req(0,b'f')]
S['NoOpEchoesOpaque']=[req(0x0a,opaque=0xdeadbeef)]
S['QuitRepliesThenCloses']=[req(7,opaque=4)+NOOP]
S['QuitQClosesSilently']=[req(0x17)+NOOP]
S['BadMagicMidStreamCloses']=[NOOP+req(0x0a,magic=0x81)+NOOP]
S['KeyLongerThanBodyIsUnknownAndCloses']=[req(0,b'k',bodylen=0)+NOOP]
S['ExtrasAndKeyLongerThanBodyIsUnknownAndCloses']=[req(1,b'k',struct.pack('>II',0,0),bodylen=5)+NOOP]
S['KeyOver250IsInvalidAndCloses']=[req(0,b'k'*251)+NOOP]
S['GetWithExtrasIsInvalidAndCloses']=[req(0,b'k',extras=b'xx')+NOOP]
S['NoOpWithBodyIsInvalidAndCloses']=[req(0x0a,value=b'x')+NOOP]
S['AppendWithExtrasIsInvalidAndCloses']=[req(0x0e,b'k',b'abcdefgh',b'x')+NOOP]
S['FlushWithTwoByteExtrasIsInvalidAndCloses']=[req(8,extras=b'\0\x0a')+NOOP]
S['GetWithEmptyKeyIsInvalidAndCloses']=[req(0)+NOOP]
S['TouchWithoutExtrasIsInvalidAndCloses']=[req(0x1c,b'k')+NOOP]
S['IncrWithShortExtrasIsInvalidAndCloses']=[req(5,b'n',struct.pack('>QQ',1,0))+NOOP]
S['SetWithoutKeyIsInvalidAndCloses']=[req(1,b'',struct.pack('>II',0,0),b'v')+NOOP]
S['UnknownOpcodeWithoutBodyAnsweredAndGoesOn']=[req(0x50,opaque=5)+NOOP]
S['StatUnknownGroupIsNotFound']=[req(0x10,b'bogus')]
S['QuietSetsThenNoOpPipelined']=[b''.join(SET(b'key%d'%i,b'value%d'%i,op=0x11) for i in range(40))+b''.join(req(0x0d,b'key%d'%i,opaque=i) for i in range(0,40,3))+req(0x0d,b'missing')+NOOP]
S['GetKeyOf250Bytes']=[SET(b'L'*250,b'v'), req(0x0c,b'L'*250)]
def run(steps):
    p=subprocess.Popen(['memcached','-p',str(PORT),'-U','0','-l','127.0.0.1','-u','nobody'])
    time.sleep(0.3)
    s=socket.create_connection(('127.0.0.1',PORT)); s.settimeout(0.4)
    outs=[]; closed=False
    for st in steps:
        s.sendall(st); out=b''
        try:
            while True:
                d=s.recv(65536)
                if not d: closed=True; break
                out+=d
        except socket.timeout: pass
        outs.append(out)
        if closed: break
    p.terminate(); p.wait()
    return outs, closed
HEAD = """// Binary protocol conformance: transcripts recorded from memcached 1.6.18 (/usr/bin/memcached,
// a fresh daemon per transcript, one connection; generated by BinaryConformanceTests.gen.py,
// which sends each step's packets and records every byte the daemon answered, as hex) replayed
// through a Session. Each transcript must get the daemon's exact bytes step by step, whole and
// split into pieces of 1..7 bytes, and end with the connection closed exactly when the daemon
// closed it. CAS values match because both number stores 1, 2, ... from a fresh start.
using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using Memcached.Server;
using Xunit;

namespace Memcached.Tests.Server
{
    internal sealed record BinaryTranscript(string Name, bool Closes, (string Request, string Reply)[] Steps);

    public class BinaryConformanceTests
    {
        public static IEnumerable<object[]> Names => BinaryDaemonTranscripts.All.Select(t => new object[] { t.Name });

        [Theory]
        [MemberData(nameof(Names))]
        public void Transcript_Whole_RepliesAsDaemon(string name) => Replay(name, int.MaxValue);

        [Theory]
        [MemberData(nameof(Names))]
        public void Transcript_SplitAtEveryByteBoundary_RepliesAsDaemon(string name)
        {
            for (int chunkBytes = 1; chunkBytes <= 7; chunkBytes++)
                Replay(name, chunkBytes);
        }

        private static void Replay(string name, int chunkBytes)
        {
            BinaryTranscript transcript = BinaryDaemonTranscripts.All.Single(t => t.Name == name);
            var harness = new SessionHarness();
            for (int step = 0; step < transcript.Steps.Length; step++)
            {
                string reply = harness.Send(Convert.FromHexString(transcript.Steps[step].Request), chunkBytes);
                Assert.Equal(transcript.Steps[step].Reply, Convert.ToHexString(Encoding.Latin1.GetBytes(reply)).ToLowerInvariant());
            }
            Assert.Equal(transcript.Closes, harness.Session.IsClosing);
        }
    }

    internal static class BinaryDaemonTranscripts
    {
        public static readonly BinaryTranscript[] All =
        {"""
print(HEAD)
for name,steps in S.items():
    outs,closed=run(steps)
    assert len(outs)==len(steps), name
    print('            new BinaryTranscript("%s", %s, new[]\n            {' % (name, 'true' if closed else 'false'))
    for st,o in zip(steps,outs):
        print('                ("%s",\n                 "%s"),' % (st.hex(), o.hex()))
    print('            }),')
print('        };\n    }\n}')
