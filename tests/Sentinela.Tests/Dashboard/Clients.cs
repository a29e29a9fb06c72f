using System.Net.Http.Headers;
using Sentinela.Server.Identity;
using Sentinela.Tests.Infrastructure;

namespace Sentinela.Tests.Dashboard;

/// <summary>HTTP clients of the dashboard's endpoint tests: a user of some role and jurisdiction, a laboratory key, nobody.</summary>
static class Clients
{
    public static readonly Jurisdiction Contagem = Jurisdiction.OfMunicipality(Outbreaks.Contagem);
    public static readonly Jurisdiction Uberlandia = Jurisdiction.OfMunicipality(Outbreaks.Uberlandia);

    public static HttpClient User(SentinelaFactory factory, Role role, Jurisdiction jurisdiction, string name)
    {
        var client = factory.CreateAnonymousClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", factory.TokenFor(role, jurisdiction, name));
        return client;
    }

    public static HttpClient Manager(SentinelaFactory factory, Jurisdiction jurisdiction, string name) =>
        User(factory, Role.MunicipalManager, jurisdiction, name);

    public static async Task<HttpClient> LabAsync(SentinelaFactory factory)
    {
        var client = factory.CreateAnonymousClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", await factory.LabKeyAsync());
        return client;
    }

    public static StringContent Json(string json) => new(json, System.Text.Encoding.UTF8, "application/json");
}
