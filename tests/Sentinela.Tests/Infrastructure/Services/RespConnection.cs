using System.Net.Sockets;
using System.Text;

namespace Sentinela.Tests.Infrastructure.Services;

/// <summary>Just enough of the Redis protocol (RESP2) for fixtures and smoke tests to talk to a server without a client library.</summary>
public sealed class RespConnection : IAsyncDisposable
{
    readonly TcpClient _client;
    readonly Stream _stream;
    readonly StreamReader _reader;

    RespConnection(TcpClient client)
    {
        _client = client;
        _stream = client.GetStream();
        _reader = new StreamReader(_stream, Encoding.UTF8);
    }

    public static async Task<RespConnection> OpenAsync(int port, CancellationToken ct = default)
    {
        var client = new TcpClient();
        await client.ConnectAsync("127.0.0.1", port, ct);
        return new RespConnection(client);
    }

    /// <summary>Sends one command; the reply is a string, a long, null, an object[] or, for an error, a <see cref="RespError"/>.</summary>
    public async Task<object?> SendAsync(params string[] command)
    {
        var request = new StringBuilder($"*{command.Length}\r\n");
        foreach (var part in command) request.Append($"${Encoding.UTF8.GetByteCount(part)}\r\n{part}\r\n");
        await _stream.WriteAsync(Encoding.UTF8.GetBytes(request.ToString()));
        return await ReadAsync();
    }

    async Task<object?> ReadAsync()
    {
        var line = await _reader.ReadLineAsync() ?? throw new IOException("Redis closed the connection.");
        var body = line[1..];
        switch (line[0])
        {
            case '+': return body;
            case '-': return new RespError(body);
            case ':': return long.Parse(body);
            case '$':
                var length = int.Parse(body);
                if (length < 0) return null;
                var buffer = new char[length + 2];
                for (var read = 0; read < buffer.Length;) read += await _reader.ReadAsync(buffer, read, buffer.Length - read);
                return new string(buffer, 0, length);
            case '*':
                var count = int.Parse(body);
                if (count < 0) return null;
                var items = new object?[count];
                for (var i = 0; i < count; i++) items[i] = await ReadAsync();
                return items;
            default: throw new IOException($"Unexpected reply from Redis: {line}");
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stream.DisposeAsync();
        _client.Dispose();
    }
}
