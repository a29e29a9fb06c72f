namespace Sentinela.Server.Ingestion;

/// <summary>
/// The lines of an NDJSON stream as UTF-8 bytes, a batch at a time, each a slice of one reused buffer: no line is decoded
/// to a string and encoded back (a StreamReader did both, about a gigabyte of garbage for a 300 MB file), and a line
/// longer than the limit is skipped as it streams past, never held whole. Hand-written because PipeReader's
/// ReadLine-style helpers still copy every line, and the batch must stay valid while it is parsed on every core.
/// </summary>
/// <param name="bufferBytes">At least this much is read ahead (more when the limit needs it); small only in tests.</param>
public sealed class NdjsonLines(Stream stream, int maxLineBytes, int bufferBytes = 4 * 1024 * 1024)
{
    /// <summary>One line: its number (from 1) and its bytes, or null when it was longer than the limit.</summary>
    public readonly record struct Line(long Number, ReadOnlyMemory<byte>? Bytes);

    // Room for a batch of ordinary lines, and always for one line of the largest size allowed with its CR LF.
    readonly byte[] _buffer = new byte[Math.Max(bufferBytes, maxLineBytes + 2)];
    int _start, _end;
    long _number;
    bool _skipping, _eof;

    /// <summary>Lines read so far (blank ones included).</summary>
    public long LinesRead => _number;

    /// <summary>
    /// Fills <paramref name="batch"/> with up to <paramref name="max"/> non-blank lines; fewer (or none) at the end of the
    /// stream. The slices are valid until the next call.
    /// </summary>
    public async ValueTask ReadBatchAsync(List<Line> batch, int max, CancellationToken ct)
    {
        batch.Clear();
        // What the previous batch handed out is no longer needed: keep only the partial line after it.
        Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
        (_end, _start) = (_end - _start, 0);
        var scanned = 0;
        while (batch.Count < max)
        {
            var newline = _buffer.AsSpan(_start + scanned, _end - _start - scanned).IndexOf((byte)'\n');
            if (newline >= 0)
            {
                var length = scanned + newline;
                Take(batch, length);
                _start += length + 1;
                scanned = 0;
                continue;
            }
            scanned = _end - _start;
            if (_eof)
            {
                if (scanned > 0 || _skipping) Take(batch, scanned);
                _start = _end;
                return;
            }
            if (_end == _buffer.Length)
            {
                if (_start > 0)
                {
                    // Full of this batch's lines: the partial one waits for the next call. When only blank lines were
                    // passed over, nothing was handed out and it can move to the front now.
                    if (batch.Count > 0) return;
                    Buffer.BlockCopy(_buffer, _start, _buffer, 0, scanned);
                    (_start, _end) = (0, scanned);
                    continue;
                }
                // One line fills the whole buffer: longer than the limit. Drop what was read of it and skip the rest.
                _skipping = true;
                (_end, scanned) = (0, 0);
            }
            var read = await stream.ReadAsync(_buffer.AsMemory(_end), ct);
            if (read == 0) _eof = true;
            _end += read;
        }
    }

    void Take(List<Line> batch, int length)
    {
        _number++;
        var bytes = _buffer.AsMemory(_start, length);
        if (_skipping)
        {
            _skipping = false;
            batch.Add(new Line(_number, null));
            return;
        }
        if (bytes.Length > 0 && bytes.Span[^1] == (byte)'\r') bytes = bytes[..^1];
        if (bytes.Length > maxLineBytes) batch.Add(new Line(_number, null));
        else if (!IsBlank(bytes.Span)) batch.Add(new Line(_number, bytes));
    }

    static bool IsBlank(ReadOnlySpan<byte> line) => line.IndexOfAnyExcept(" \t\r"u8) < 0;
}
