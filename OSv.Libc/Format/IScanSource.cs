// Where scanf's input comes from: a string (sscanf) or a stream (fscanf, owned by stdio). Read
// returns the next byte 0-255 or -1 at the end; Unread pushes back the byte just read (scanf
// never pushes back more than one, as C guarantees only one).
namespace OSv.Libc.Format
{
    public interface IScanSource
    {
        int Read();
        void Unread(int c);
    }
}
