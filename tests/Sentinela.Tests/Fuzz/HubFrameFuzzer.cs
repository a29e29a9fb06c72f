using System.Buffers;
using System.Net.WebSockets;
using System.Text;
using MessagePack;

namespace Sentinela.Tests.Fuzz;

/// <summary>
/// Malformed SignalR frames over raw WebSockets, in both hub protocols: mutated invocations of every hub method
/// (<see cref="JsonMutator"/> for JSON; wrong types, deep nesting and random bytes for MessagePack), broken framing
/// (missing or doubled record separators, impossible length prefixes), and message types a client may not send.
/// After each frame a probe invocation must be answered on the same connection, or the connection must have been
/// closed by the server; a connection that neither answers nor closes is checked from a fresh connection, and only if
/// that one gets no answer either does the frame count as a hang.
/// </summary>
public sealed class HubFrameFuzzer(Uri server, string accessToken, int seed)
{
    const char RecordSeparator = '\u001e';
    static readonly TimeSpan ProbeWait = TimeSpan.FromSeconds(1);

    static readonly string[] JsonInvocations =
    [
        "{\"type\":1,\"invocationId\":\"f\",\"target\":\"Subscribe\",\"arguments\":[{\"id\":\"w1\",\"state\":\"MG\",\"eventTypes\":[\"raised\"]}]}",
        "{\"type\":1,\"invocationId\":\"f\",\"target\":\"Subscribe\",\"arguments\":[{\"latitude\":-19.9,\"longitude\":-44.0,\"radiusKm\":50}]}",
        "{\"type\":1,\"invocationId\":\"f\",\"target\":\"Subscribe\",\"arguments\":[{\"municipalityCode\":3106200}]}",
        "{\"type\":1,\"invocationId\":\"f\",\"target\":\"Resume\",\"arguments\":[0]}",
        "{\"type\":1,\"invocationId\":\"f\",\"target\":\"AckUpTo\",\"arguments\":[9223372036854775807]}",
        "{\"type\":1,\"target\":\"Unsubscribe\",\"arguments\":[\"w1\"]}",
        "{\"type\":4,\"invocationId\":\"s\",\"target\":\"Resume\",\"arguments\":[0]}",
        "{\"type\":5,\"invocationId\":\"f\"}",
        "{\"type\":3,\"invocationId\":\"f\",\"result\":1}",
        "{\"type\":6}",
        "{\"type\":7,\"error\":\"bye\"}",
        "{\"type\":2,\"invocationId\":\"f\",\"item\":1}",
        "{\"type\":1,\"invocationId\":\"f\",\"target\":\"OnConnectedAsync\",\"arguments\":[]}",
    ];

    static readonly string[] Targets = ["Subscribe", "Unsubscribe", "AckUpTo", "Ack", "Resume", "OnDisconnectedAsync", "Dispose", "", "subscribe", "Nope"];

    public async Task RunAsync(int frames, FuzzTally tally, CancellationToken ct)
    {
        var connections = new Dictionary<bool, ClientWebSocket>();
        try
        {
            for (var i = 0; i < frames; i++)
            {
                var random = new Random(unchecked(seed * 9_000_011 + i));
                var messagePack = random.Next(2) == 0;
                if (!connections.TryGetValue(messagePack, out var socket) || socket.State != WebSocketState.Open)
                {
                    socket?.Dispose();
                    connections[messagePack] = socket = await ConnectAsync(messagePack, ct);
                }
                var (frame, how) = messagePack ? MessagePackFrame(random) : JsonFrame(random);
                var kind = messagePack ? "messagepack" : "json";
                try
                {
                    await socket.SendAsync(frame, messagePack || random.Next(20) == 0 ? WebSocketMessageType.Binary : WebSocketMessageType.Text, true, ct);
                    await SendProbeAsync(socket, messagePack, i, ct);
                    var outcome = await AwaitProbeAsync(socket, messagePack, i, ct);
                    if (outcome == "stalled" && !await FreshConnectionAnswersAsync(messagePack, ct))
                    {
                        tally.Failure("hub", $"frame {i} ({kind}: {how}) left the hub unresponsive", frame);
                        outcome = "hang";
                    }
                    tally.Count("hub " + kind, outcome);
                }
                catch (Exception e) when (e is WebSocketException or OperationCanceledException && !ct.IsCancellationRequested)
                {
                    tally.Count("hub " + kind, "closed");
                }
                if (socket.State != WebSocketState.Open) socket.Abort();
            }
        }
        finally
        {
            foreach (var s in connections.Values) s.Dispose();
        }
    }

    async Task<ClientWebSocket> ConnectAsync(bool messagePack, CancellationToken ct)
    {
        var socket = new ClientWebSocket();
        var uri = new UriBuilder(server) { Scheme = "ws", Path = "/hubs/alerts", Query = "access_token=" + Uri.EscapeDataString(accessToken) }.Uri;
        await socket.ConnectAsync(uri, ct);
        await socket.SendAsync(Encoding.UTF8.GetBytes($"{{\"protocol\":\"{(messagePack ? "messagepack" : "json")}\",\"version\":1}}{RecordSeparator}"),
            WebSocketMessageType.Text, true, ct);
        var handshake = await ReceiveAsync(socket, ct);
        if (handshake is null || !Encoding.UTF8.GetString(handshake).StartsWith("{}", StringComparison.Ordinal))
            throw new InvalidOperationException("The hub refused a valid handshake: " + (handshake is null ? "closed" : Encoding.UTF8.GetString(handshake)));
        return socket;
    }

    async Task<bool> FreshConnectionAnswersAsync(bool messagePack, CancellationToken ct)
    {
        try
        {
            using var socket = await ConnectAsync(messagePack, ct);
            await SendProbeAsync(socket, messagePack, -1, ct);
            return await AwaitProbeAsync(socket, messagePack, -1, ct) == "answered";
        }
        catch (WebSocketException)
        {
            return false;
        }
    }

    /// <summary>Unsubscribe from a watch that does not exist: answered false, changes nothing.</summary>
    static Task SendProbeAsync(ClientWebSocket socket, bool messagePack, int i, CancellationToken ct)
    {
        if (!messagePack)
            return socket.SendAsync(Encoding.UTF8.GetBytes($"{{\"type\":1,\"invocationId\":\"probe{i}\",\"target\":\"Unsubscribe\",\"arguments\":[\"none\"]}}{RecordSeparator}"),
                WebSocketMessageType.Text, true, ct);
        return socket.SendAsync(Framed((ref MessagePackWriter w) =>
        {
            w.WriteArrayHeader(6);
            w.Write(1);
            w.WriteMapHeader(0);
            w.Write($"probe{i}");
            w.Write("Unsubscribe");
            w.WriteArrayHeader(1);
            w.Write("none");
            w.WriteArrayHeader(0);
        }), WebSocketMessageType.Binary, true, ct);
    }

    /// <summary>"answered" once the probe's completion arrives, "closed" when the server ends the connection, "stalled" when neither happens in time.</summary>
    static async Task<string> AwaitProbeAsync(ClientWebSocket socket, bool messagePack, int i, CancellationToken ct)
    {
        using var wait = CancellationTokenSource.CreateLinkedTokenSource(ct);
        wait.CancelAfter(ProbeWait);
        try
        {
            while (true)
            {
                var message = await ReceiveAsync(socket, wait.Token);
                if (message is null) return "closed";
                var text = Encoding.UTF8.GetString(message);
                if (text.Contains($"probe{i}", StringComparison.Ordinal)) return "answered";
                if (!messagePack && text.Contains("\"type\":7", StringComparison.Ordinal)) return "closed";
                if (messagePack && IsCloseMessage(message)) return "closed";
            }
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return "stalled";
        }
        catch (WebSocketException)
        {
            return "closed";
        }
    }

    static bool IsCloseMessage(byte[] message)
    {
        // A length prefix (VarInt) then [7, error, allowReconnect]: the byte after the prefix is the array header, then the type.
        var offset = 0;
        while (offset < message.Length && (message[offset] & 0x80) != 0) offset++;
        return message.Length > offset + 2 && message[offset + 2] == 7;
    }

    static async Task<byte[]?> ReceiveAsync(ClientWebSocket socket, CancellationToken ct)
    {
        var buffer = new ArrayBufferWriter<byte>();
        while (true)
        {
            var memory = buffer.GetMemory(4096);
            var result = await socket.ReceiveAsync(memory, ct);
            if (result.MessageType == WebSocketMessageType.Close) return null;
            buffer.Advance(result.Count);
            if (result.EndOfMessage) return buffer.WrittenSpan.ToArray();
        }
    }

    (byte[] Frame, string How) JsonFrame(Random random)
    {
        var template = JsonInvocations[random.Next(JsonInvocations.Length)];
        var (body, how) = random.Next(8) == 0 ? (Encoding.UTF8.GetBytes(template), "valid") : new JsonMutator(random).Mutate(template);
        return random.Next(10) switch
        {
            0 => (body, how + ", no record separator"),
            1 => ([.. body, 0x1e, 0x1e], how + ", two record separators"),
            2 => ([.. body[..(body.Length / 2)], 0x1e, .. body[(body.Length / 2)..], 0x1e], how + ", separator inside"),
            _ => ([.. body, 0x1e], how),
        };
    }

    (byte[] Frame, string How) MessagePackFrame(Random random)
    {
        switch (random.Next(8))
        {
            case 0:
                var bytes = new byte[random.Next(1, 2048)];
                random.NextBytes(bytes);
                return (bytes, "random bytes");
            case 1:
                return ([0xFF, 0xFF, 0xFF, 0xFF, 0x0F, 0x96, 0x01], "length prefix of 4 GiB");
            case 2:
                var depth = new[] { 100, 1_000, 20_000 }[random.Next(3)];
                return (Framed((ref MessagePackWriter w) =>
                {
                    WriteInvocationHead(ref w, "Subscribe");
                    w.WriteArrayHeader(1);
                    w.WriteMapHeader(2);
                    w.Write("State");
                    w.Write("MG");
                    w.Write("Unknown");
                    for (var d = 0; d < depth; d++) w.WriteArrayHeader(1);
                    w.WriteNil();
                    w.WriteArrayHeader(0);
                }), $"unknown key nested {depth} deep");
            default:
                var target = Targets[random.Next(Targets.Length)];
                return (Framed((ref MessagePackWriter w) =>
                {
                    var elements = random.Next(8) == 0 ? random.Next(0, 9) : 6;
                    w.WriteArrayHeader(elements);
                    for (var e = 0; e < elements; e++)
                    {
                        if (random.Next(6) == 0)
                        {
                            WriteRandom(ref w, random, 3);
                            continue;
                        }
                        switch (e)
                        {
                            case 0: w.Write(random.Next(4) == 0 ? random.Next(-1, 10) : 1); break;
                            case 1: w.WriteMapHeader(0); break;
                            case 2: w.Write("f"); break;
                            case 3: w.Write(target); break;
                            case 4: WriteArguments(ref w, random, target); break;
                            default: w.WriteArrayHeader(0); break;
                        }
                    }
                }), $"invocation of '{target}' with random parts");
        }
    }

    static void WriteInvocationHead(ref MessagePackWriter w, string target)
    {
        w.WriteArrayHeader(6);
        w.Write(1);
        w.WriteMapHeader(0);
        w.Write("f");
        w.Write(target);
    }

    static void WriteArguments(ref MessagePackWriter w, Random random, string target)
    {
        switch (target)
        {
            case "Subscribe" when random.Next(2) == 0:
                w.WriteArrayHeader(1);
                w.WriteMapHeader(3);
                w.Write("Latitude");
                WriteRandom(ref w, random, 2);
                w.Write("Longitude");
                w.Write(-44.0);
                w.Write("RadiusKm");
                w.Write(random.Next(2) == 0 ? double.NaN : double.PositiveInfinity);
                break;
            case "AckUpTo":
                w.WriteArrayHeader(1);
                if (random.Next(2) == 0) w.Write(random.Next(2) == 0 ? long.MaxValue : long.MinValue);
                else WriteRandom(ref w, random, 2);
                break;
            case "Resume":
                w.WriteArrayHeader(1);
                w.Write(random.Next(3) switch { 0 => long.MaxValue, 1 => -1L, _ => 0L });
                break;
            default:
                var count = random.Next(0, 4);
                w.WriteArrayHeader(count);
                for (var i = 0; i < count; i++) WriteRandom(ref w, random, 3);
                break;
        }
    }

    static void WriteRandom(ref MessagePackWriter w, Random random, int depth)
    {
        switch (random.Next(depth <= 0 ? 8 : 11))
        {
            case 0: w.WriteNil(); break;
            case 1: w.Write(random.Next(2) == 0); break;
            case 2: w.Write(random.NextInt64()); break;
            case 3: w.Write(random.NextDouble() * 1e308); break;
            case 4: w.Write(new string('x', random.Next(0, 3000))); break;
            case 5: w.Write(ulong.MaxValue); break;
            case 6: w.Write(new byte[] { 1, 2, 3 }); break;
            case 7: w.WriteExtensionFormat(new ExtensionResult((sbyte)random.Next(-128, 127), new byte[] { 0, 1, 2, 3, 4, 5, 6, 7 })); break;
            case 8:
                var items = random.Next(0, 4);
                w.WriteArrayHeader(items);
                for (var i = 0; i < items; i++) WriteRandom(ref w, random, depth - 1);
                break;
            case 9:
                var entries = random.Next(0, 3);
                w.WriteMapHeader(entries);
                for (var i = 0; i < entries; i++)
                {
                    w.Write(new[] { "State", "MunicipalityCode", "Id", "EventTypes", "x" }[random.Next(5)]);
                    WriteRandom(ref w, random, depth - 1);
                }
                break;
            default: w.Write(float.NaN); break;
        }
    }

    /// <summary>A MessagePack hub message: its VarInt length, then the message.</summary>
    delegate void Writing(ref MessagePackWriter writer);

    static byte[] Framed(Writing write)
    {
        var body = new ArrayBufferWriter<byte>();
        var writer = new MessagePackWriter(body);
        write(ref writer);
        writer.Flush();
        var prefix = new List<byte>();
        var length = (uint)body.WrittenCount;
        do
        {
            var b = (byte)(length & 0x7F);
            length >>= 7;
            prefix.Add(length > 0 ? (byte)(b | 0x80) : b);
        } while (length > 0);
        return [.. prefix, .. body.WrittenSpan];
    }
}
