using System.Text;
using Sentinela.Server.Ingestion;

namespace Sentinela.Tests.Ingestion;

/// <summary>The import's line reader against the obvious reading (split on \n, drop a trailing \r and blank lines).</summary>
public sealed class NdjsonLinesTests
{
    [Fact]
    public async Task Lines_keep_their_numbers_lose_their_CR_and_blank_ones_are_passed_over()
    {
        var lines = await ReadAllAsync("{\"a\":1}\r\n\n   \n{\"b\":2}\n{\"c\":3}", maxLineBytes: 100);
        Assert.Equal([(1L, "{\"a\":1}"), (4L, "{\"b\":2}"), (5L, "{\"c\":3}")], lines);
    }

    [Fact]
    public async Task A_line_longer_than_the_limit_is_reported_without_its_bytes_and_the_next_one_is_read()
    {
        var text = "short\n" + new string('x', 5000) + "\nafter\n" + new string('y', 5000);
        var lines = await ReadAllAsync(text, maxLineBytes: 100, bufferBytes: 64);
        Assert.Equal([(1L, "short"), (2L, null), (3L, "after"), (4L, null)], lines);
    }

    [Fact]
    public async Task A_batch_never_holds_more_lines_than_asked_and_the_slices_stay_valid_until_the_next_batch()
    {
        var text = string.Join("\n", Enumerable.Range(1, 50).Select(i => $"line {i}"));
        var reader = new NdjsonLines(new MemoryStream(Encoding.UTF8.GetBytes(text)), maxLineBytes: 20, bufferBytes: 32);
        var batch = new List<NdjsonLines.Line>();
        var seen = new List<string>();
        do
        {
            await reader.ReadBatchAsync(batch, 7, CancellationToken.None);
            Assert.InRange(batch.Count, 0, 7);
            seen.AddRange(batch.Select(l => Encoding.UTF8.GetString(l.Bytes!.Value.Span)));
        } while (batch.Count > 0);
        Assert.Equal(Enumerable.Range(1, 50).Select(i => $"line {i}"), seen);
        Assert.Equal(50, reader.LinesRead);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public async Task Random_files_read_in_random_pieces_give_the_obvious_lines(int seed)
    {
        var random = new Random(seed);
        for (var file = 0; file < 200; file++)
        {
            var parts = Enumerable.Range(0, random.Next(0, 30)).Select(_ => random.Next(6) switch
            {
                0 => "",
                1 => "  ",
                2 => new string('l', random.Next(30, 90)),
                3 => new string('c', random.Next(1, 30)) + "\r",
                _ => new string('o', random.Next(1, 30)),
            }).ToList();
            var text = string.Join("\n", parts) + (random.Next(2) == 0 ? "\n" : "");
            var maxLineBytes = random.Next(10, 40);
            var expected = text.Split('\n').Select((l, i) => (Number: (long)i + 1, Text: l.TrimEnd('\r')))
                .Where(l => l.Number <= parts.Count && l.Text.Trim(' ', '\t').Length > 0)
                .Select(l => (l.Number, l.Text.Length > maxLineBytes ? null : l.Text)).ToList();
            var lines = await ReadAllAsync(text, maxLineBytes, bufferBytes: random.Next(1, 80), piece: random.Next(1, 20), batchSize: random.Next(1, 6));
            Assert.Equal(expected, lines);
        }
    }

    static async Task<List<(long, string?)>> ReadAllAsync(string text, int maxLineBytes, int bufferBytes = 4096, int piece = int.MaxValue, int batchSize = 3)
    {
        var reader = new NdjsonLines(new Trickle(Encoding.UTF8.GetBytes(text), piece), maxLineBytes, bufferBytes);
        var batch = new List<NdjsonLines.Line>();
        var all = new List<(long, string?)>();
        do
        {
            await reader.ReadBatchAsync(batch, batchSize, CancellationToken.None);
            all.AddRange(batch.Select(l => (l.Number, l.Bytes is { } b ? Encoding.UTF8.GetString(b.Span) : null)));
        } while (batch.Count > 0);
        return all;
    }

    /// <summary>A stream that hands out at most <c>piece</c> bytes a read, as a network or gzip stream may.</summary>
    sealed class Trickle(byte[] bytes, int piece) : MemoryStream(bytes)
    {
        public override int Read(byte[] buffer, int offset, int count) => base.Read(buffer, offset, Math.Min(count, piece));

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            base.ReadAsync(buffer[..Math.Min(buffer.Length, piece)], cancellationToken);
    }
}
