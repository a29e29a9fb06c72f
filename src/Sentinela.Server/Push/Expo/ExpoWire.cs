namespace Sentinela.Server.Push.Expo;

// Expo push API bodies (https://docs.expo.dev/push-notifications/sending-notifications/), documented fields only.

internal sealed record ExpoMessage(
    string To,
    string Title,
    string Body,
    IReadOnlyDictionary<string, string> Data,
    string Priority,
    string? Sound,
    long? Ttl,
    string? ChannelId);

internal sealed record ExpoTicket(string? Status, string? Id, string? Message, ExpoErrorDetails? Details);

internal sealed record ExpoErrorDetails(string? Error);

internal sealed record ExpoRequestError(string? Code, string? Message);

internal sealed record ExpoSendResponse(List<ExpoTicket>? Data, List<ExpoRequestError>? Errors);

internal sealed record ExpoReceiptsRequest(IReadOnlyList<string> Ids);

internal sealed record ExpoReceiptsResponse(Dictionary<string, ExpoTicket>? Data, List<ExpoRequestError>? Errors);
