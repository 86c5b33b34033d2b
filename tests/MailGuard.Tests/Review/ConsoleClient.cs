using System.Net;
using System.Text.RegularExpressions;

namespace MailGuard.Tests.Review;

/// <summary>
/// A plain HttpClient against the running console that keeps its cookies by hand: the session cookie is Secure,
/// and HttpClient's own cookie jar would never send it over http://127.0.0.1 (a browser does).
/// </summary>
internal sealed partial class ConsoleClient : IDisposable
{
    private readonly HttpClient http;
    private readonly Dictionary<string, string> cookies = [];

    public ConsoleClient(Uri baseAddress) =>
        http = new HttpClient(new SocketsHttpHandler { UseCookies = false, AllowAutoRedirect = false }) { BaseAddress = baseAddress };

    /// <summary>Every Set-Cookie header seen, as sent (to check the cookie flags).</summary>
    public List<string> SetCookies { get; } = [];

    public string? AcceptLanguage { get; set; }

    public async Task<(HttpResponseMessage Response, string Body)> GetAsync(string path, string? bearer = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (bearer is not null)
        {
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", bearer);
        }
        return await SendAsync(request);
    }

    public async Task<(HttpResponseMessage Response, string Body)> PostAsync(string path, IEnumerable<KeyValuePair<string, string>> fields)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new FormUrlEncodedContent(fields) };
        return await SendAsync(request);
    }

    /// <summary>Reads the anti-forgery token from a page, as a browser would submit it with the page's forms.</summary>
    public async Task<string> TokenFromAsync(string path)
    {
        var (_, body) = await GetAsync(path);
        var match = TokenField().Match(body);
        Assert.That(match.Success, Is.True, $"no anti-forgery field on {path}");
        return WebUtility.HtmlDecode(match.Groups[1].Value);
    }

    public async Task<HttpResponseMessage> SignInAsync(string name, string password)
    {
        var token = await TokenFromAsync("/signin");
        var (response, _) = await PostAsync("/signin", [new("__RequestVerificationToken", token), new("name", name), new("password", password)]);
        return response;
    }

    private async Task<(HttpResponseMessage, string)> SendAsync(HttpRequestMessage request)
    {
        if (cookies.Count > 0)
        {
            request.Headers.Add("Cookie", string.Join("; ", cookies.Select(c => c.Key + "=" + c.Value)));
        }
        if (AcceptLanguage is not null)
        {
            request.Headers.Add("Accept-Language", AcceptLanguage);
        }
        var response = await http.SendAsync(request);
        if (response.Headers.TryGetValues("Set-Cookie", out var values))
        {
            foreach (var value in values)
            {
                SetCookies.Add(value);
                var pair = value.Split(';')[0];
                var eq = pair.IndexOf('=');
                var cookieValue = pair[(eq + 1)..];
                if (cookieValue.Length == 0 || value.Contains("expires=Thu, 01 Jan 1970", StringComparison.OrdinalIgnoreCase))
                {
                    cookies.Remove(pair[..eq]);
                }
                else
                {
                    cookies[pair[..eq]] = cookieValue;
                }
            }
        }
        return (response, await response.Content.ReadAsStringAsync());
    }

    public void Dispose() => http.Dispose();

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex TokenField();
}
