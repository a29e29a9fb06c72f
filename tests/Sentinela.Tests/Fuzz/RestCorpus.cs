using System.Text;

namespace Sentinela.Tests.Fuzz;

/// <summary>
/// The REST requests of a fuzz run, reproducible like <see cref="FhirCorpus"/>: every JSON endpoint's valid body, mutated
/// by <see cref="JsonMutator"/>, under the right and the wrong credentials and media types; hostile path segments and
/// query strings on the readers; and methods the health probes do not answer.
/// </summary>
public sealed class RestCorpus(int seed)
{
    /// <summary>Valid bodies of the JSON endpoints, with the credential each expects.</summary>
    static readonly (HttpMethod Method, string Path, FuzzCredential Credential, string Body)[] Writes =
    [
        (HttpMethod.Post, "/api/auth/login", FuzzCredential.Anonymous, "{\"cpf\":\"529.982.247-25\",\"password\":\"uma senha errada qualquer\"}"),
        (HttpMethod.Post, "/api/auth/refresh", FuzzCredential.Anonymous, "{\"refreshToken\":\"rt_0123456789abcdef0123456789abcdef\"}"),
        (HttpMethod.Post, "/api/auth/logout", FuzzCredential.Anonymous, "{\"refreshToken\":\"rt_0123456789abcdef0123456789abcdef\"}"),
        (HttpMethod.Post, "/api/users", FuzzCredential.Administrator,
            "{\"cpf\":\"111.444.777-35\",\"name\":\"Gestora de BH\",\"password\":\"uma senha bem longa\",\"role\":\"municipalManager\",\"municipalityCode\":3106200}"),
        (HttpMethod.Post, "/api/users", FuzzCredential.Administrator,
            "{\"cpf\":\"390.533.447-05\",\"name\":\"Coordenação MG\",\"password\":\"outra senha bem longa\",\"role\":\"stateCoordinator\",\"state\":\"MG\"}"),
        (HttpMethod.Post, "/api/labs", FuzzCredential.Administrator, "{\"name\":\"Laboratório Novo\",\"cnes\":\"2154021\"}"),
        (HttpMethod.Post, "/api/devices", FuzzCredential.Manager, "{\"deviceId\":\"app-1\",\"expoToken\":\"ExponentPushToken[abcdefghijklmnop]\"}"),
        (HttpMethod.Post, "/api/webpush/subscriptions", FuzzCredential.Manager,
            "{\"endpoint\":\"https://fcm.googleapis.com/fcm/send/dXk1\",\"expirationTime\":null,\"keys\":{\"p256dh\":\"BOr8Yf4yYk9jE2m6M1hT3I0c3lq4lJc9f5FQ4bO3z5YcJx1Z0p7oJrJ0I2K1Hq3fZQ9wQ8Zt3Q6b5nYx4u1k2sQ\",\"auth\":\"tBHItJI5svbpez7KI4CCXg\"}}"),
        (HttpMethod.Put, "/api/user/notification-preferences", FuzzCredential.Manager,
            "{\"eventTypes\":[\"raised\",\"updated\"],\"minimumSeverity\":\"high\",\"mode\":\"immediate\",\"sound\":true,\"quietHours\":{\"start\":\"22:00\",\"end\":\"06:00\"}}"),
        (HttpMethod.Post, "/api/alerts/3f2b8a4e-1c2d-4e5f-8a9b-0c1d2e3f4a5b/handling", FuzzCredential.Manager, "{\"state\":\"investigating\",\"note\":\"Equipe a caminho\"}"),
        (HttpMethod.Post, "/api/alerts/3f2b8a4e-1c2d-4e5f-8a9b-0c1d2e3f4a5b/handling", FuzzCredential.Manager, "{\"state\":\"confirmed\",\"note\":\"Casos confirmados pela vigilância\"}"),
    ];

    static readonly string[] Readers =
    [
        "/api/alerts?{q}", "/api/alerts/{s}", "/api/alerts/{s}/deliveries", "/api/alerts/{s}/pushes", "/api/audit?{q}", "/api/hemograms/density?{q}",
        "/api/geography/municipalities?{q}", "/api/auth/me", "/api/users", "/api/labs", "/api/devices", "/api/user/notification-preferences",
        "/api/webpush/public-key", "/api/metrics/realtime", "/api/dashboard/config", "/fhir/Observation/{s}", "/fhir/Communication/{s}", "/fhir/metadata?{q}", "/health/ready",
        "/api/alerts/kpis?{q}", "/api/alerts/{s}/evidence.csv", "/api/map/municipalities?{q}", "/fhir/$import-status/{s}", "/health/dependencies",
    ];

    static readonly string[] Segments =
    [
        "00000000-0000-0000-0000-000000000000", "not-a-guid", "..%2F..%2Fetc%2Fpasswd", "%00", "%FF%FE", "💉", "a%20b", "1e309", "-1",
        "{guid}", "%25", "null", "undefined", "%2e%2e", "x%0d%0aSet-Cookie:%20a=b",
    ];

    static readonly string[] Queries =
    [
        "limit=-1", "limit=abc", "limit=1&limit=2", "limit=99999999999999999999", "since=notadate", "since=9999-12-31T23:59:59Z",
        "sinceSequence=-5", "sinceSequence=1e3", "municipality=1e9", "municipality=3106200", "state=%F0%9F%92%89", "state=MG&state=SP",
        "parameter=platelets&hours=0", "parameter=platelets&hours=24&direction=low", "parameter=%00", "hours=2147483648", "before=-1",
        "status=Active", "status=%27%20OR%201=1", "actor=%3Cscript%3E", "action=login.failed&limit=1000", "=", "&&&", "a=%ZZ",
        "parameter=platelets&hours=24&state=MG&municipality=3106200", "_format=xml",
        "parameter=platelets&direction=low&days=7", "days=-3", "from=notadate&to=2026-01-01", "from=2030-01-01&to=2020-01-01",
    ];

    public FuzzRequest Request(int index)
    {
        var random = new Random(unchecked(seed * 7_000_003 + index));
        var roll = random.Next(100);
        if (roll < 60)
        {
            var (method, path, credential, body) = Writes[random.Next(Writes.Length)];
            var (mutated, how) = random.Next(10) == 0 ? (Encoding.UTF8.GetBytes(body), "valid") : new JsonMutator(random).Mutate(body);
            var contentType = random.Next(15) == 0 ? new[] { "text/plain", "application/xml", "", "application/json; charset=utf-16", "application/merge-patch+json" }[random.Next(5)] : "application/json";
            if (random.Next(20) == 0) credential = (FuzzCredential)random.Next(5);
            return new(method, path, contentType, mutated, credential, $"{method} {path} as {credential}: {how}");
        }
        if (roll < 90)
        {
            var path = Readers[random.Next(Readers.Length)]
                .Replace("{q}", string.Join('&', Enumerable.Range(0, random.Next(1, 4)).Select(_ => Queries[random.Next(Queries.Length)])))
                .Replace("{s}", Segments[random.Next(Segments.Length)].Replace("{guid}", Guid.NewGuid().ToString()));
            if (random.Next(30) == 0) path += "?" + new string('q', 8_000);
            var credential = (FuzzCredential)random.Next(5);
            return new(HttpMethod.Get, path, null, null, credential, $"GET {path[..Math.Min(path.Length, 120)]} as {credential}");
        }
        var probe = new[] { "/health/live", "/health/ready", "/health/realtime", "/metrics" }[random.Next(4)];
        var verb = new[] { HttpMethod.Post, HttpMethod.Put, HttpMethod.Delete, HttpMethod.Patch, HttpMethod.Options, new HttpMethod("TRACE") }[random.Next(6)];
        return new(verb, probe, "application/json", "{}"u8.ToArray(), FuzzCredential.Anonymous, $"{verb} {probe}");
    }
}
